package io.attnflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads traces from the running API, independently of the browser, so the test can compare the two. */
final class TraceApiClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    TraceApiClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + pathAndQuery + " answered " + res.statusCode() + ": " + res.body());
        }
        return json.readTree(res.body());
    }

    /** The trace for the parameters the UI sent (the UI's state: direction, tau, alpha, fromLayer, tokens, heads). */
    JsonNode trace(String model, String sid, Map<String, Object> params) throws IOException, InterruptedException {
        return trace(model, sid, params, "/trace");
    }

    /** The same trace as /trace/columns sends it (its edges as columns: what the web UI asks for). */
    JsonNode traceColumns(String model, String sid, Map<String, Object> params)
            throws IOException, InterruptedException {
        return trace(model, sid, params, "/trace/columns");
    }

    private JsonNode trace(String model, String sid, Map<String, Object> params, String route)
            throws IOException, InterruptedException {
        StringBuilder q = new StringBuilder();
        for (Map.Entry<String, Object> e : new LinkedHashMap<>(params).entrySet()) {
            if (e.getValue() == null || e.getValue().toString().isEmpty()) continue;
            q.append(q.length() == 0 ? "?" : "&")
                    .append(e.getKey())
                    .append('=')
                    .append(URLEncoder.encode(e.getValue().toString(), StandardCharsets.UTF_8));
        }
        return get("/api/models/" + enc(model) + "/sentences/" + enc(sid) + route + q);
    }

    /** Distinct token pairs per layer of a trace's per-head edges, as the UI's summed-edge ids. */
    static Set<String> summedEdgeIds(JsonNode trace) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode e : trace.get("edges")) {
            ids.add("e" + e.get("fromLayer").asInt() + "_" + e.get("fromPos").asInt() + "_"
                    + e.get("toPos").asInt());
        }
        return ids;
    }

    /** The trace's nodes as the UI's node ids. */
    static Set<String> nodeIds(JsonNode trace) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode n : trace.get("nodes"))
            ids.add("n" + n.get("layer").asInt() + "_" + n.get("pos").asInt());
        return ids;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
