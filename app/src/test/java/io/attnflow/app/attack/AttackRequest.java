package io.attnflow.app.attack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One request of the attack corpus, written as it goes on the wire. {@code Host} defaults to the server's own
 * address; a header mapped to null is left out. {@link #withToken()} adds the guarded server's bearer token.
 */
record AttackRequest(String method, String target, Map<String, String> headers, byte[] body, boolean token) {

    static AttackRequest get(String target) {
        return new AttackRequest("GET", target, new LinkedHashMap<>(), null, false);
    }

    static AttackRequest post(String target, String contentType, String body) {
        return post(target, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static AttackRequest post(String target, String contentType, byte[] body) {
        Map<String, String> h = new LinkedHashMap<>();
        if (contentType != null) h.put("Content-Type", contentType);
        return new AttackRequest("POST", target, h, body, false);
    }

    static AttackRequest postJson(String target, String json) {
        return post(target, "application/json", json);
    }

    AttackRequest with(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new AttackRequest(method, target, h, body, token);
    }

    AttackRequest method(String m) {
        return new AttackRequest(m, target, headers, body, token);
    }

    AttackRequest withToken() {
        return new AttackRequest(method, target, headers, body, true);
    }

    /** The bytes on the wire, for a server on this port with this token. */
    byte[] bytes(int port, String serverToken) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        if (token) h.put("Authorization", "Bearer " + serverToken);
        h.putAll(headers);
        if (body != null) h.put("Content-Length", String.valueOf(body.length));
        h.put("Connection", "close");
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
        h.forEach((k, v) -> {
            if (v != null) head.append(k).append(": ").append(v).append("\r\n");
        });
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body != null) out.writeBytes(body);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        String t = target.length() > 60 ? target.substring(0, 60) + "…" : target;
        return method + " " + t;
    }
}
