package io.attnflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.json.Json;
import io.attnflow.api.security.SecurityHeaders;
import io.attnflow.core.query.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server's walls against pages in the user's browser, over a real socket: Host, Origin, body type, security
 * headers, JSON for Jetty's own errors, and the refusal to listen beyond loopback without a token. No database is
 * needed: the probe always answers and no service is wired.
 */
class BrowserWallsTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private ApiServer server;

    private ApiServer start(ApiSettings settings) {
        server = new ApiServer(settings.withPort(0), new ApiServices(() -> {}, null, null, null, null)).start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void everyResponseCarriesTheSecurityHeadersIncludingErrors() throws Exception {
        start(ApiSettings.defaults());
        for (String path : List.of("/api/health", "/", "/docs", "/api/nothing")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri(path)));
            SecurityHeaders.ALL.forEach((name, value) ->
                    assertEquals(value, r.headers().firstValue(name).orElse(null), name + " on " + path));
        }
        assertTrue(SecurityHeaders.CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
    }

    @Test
    void theDocsPageHasNoInlineScript() throws Exception {
        start(ApiSettings.defaults());
        String html = send(HttpRequest.newBuilder(uri("/docs"))).body();
        assertFalse(html.matches("(?s).*<script>.*"), html);
        HttpResponse<String> init = send(HttpRequest.newBuilder(uri(ApiServer.DOCS_SCRIPT_PATH)));
        assertEquals(200, init.statusCode());
        assertTrue(init.body().contains("SwaggerUIBundle"));
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() throws Exception {
        start(ApiSettings.defaults());
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/cypher"))
                    .header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"RETURN 1\"}")));
            assertEquals(415, r.statusCode(), type);
            assertEquals("unsupported_media_type", json(r.body()).get("error").asText());
        }
        HttpResponse<String> none = send(HttpRequest.newBuilder(uri("/api/cypher"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":\"RETURN 1\"}")));
        assertEquals(415, none.statusCode());
    }

    @Test
    void aForeignHostIsRefusedWith421AndLoopbackNamesPass() throws Exception {
        start(ApiSettings.defaults().withAllowedHosts(List.of("attnflow.lan")));
        int port = server.port();
        assertEquals(421, raw("GET /api/health HTTP/1.1\r\nHost: evil.example:" + port + "\r\n\r\n").status);
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "attnflow.lan")) {
            assertEquals(200, raw("GET /api/health HTTP/1.1\r\nHost: " + host + "\r\n\r\n").status, host);
        }
    }

    @Test
    void aForeignOriginIsRefusedBeforeTheHandlerAndAConfiguredOnePasses() throws Exception {
        start(ApiSettings.defaults().withCorsOrigins(List.of("http://notebook.local:8888")));
        HttpResponse<String> foreign =
                send(HttpRequest.newBuilder(uri("/api/health")).header("Origin", "http://evil.example"));
        assertEquals(403, foreign.statusCode());
        assertEquals("origin_refused", json(foreign.body()).get("error").asText());
        HttpResponse<String> configured =
                send(HttpRequest.newBuilder(uri("/api/health")).header("Origin", "http://notebook.local:8888"));
        assertEquals(200, configured.statusCode());
        assertEquals(
                "http://notebook.local:8888",
                configured.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(uri("/api/cypher"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://notebook.local:8888")
                .header("Access-Control-Request-Method", "POST"));
        assertEquals(204, preflight.statusCode());
        assertTrue(preflight
                .headers()
                .firstValue("Access-Control-Allow-Headers")
                .orElse("")
                .contains("Content-Type"));
        HttpResponse<String> same =
                send(HttpRequest.newBuilder(uri("/api/health")).header("Origin", "http://127.0.0.1:" + server.port()));
        assertEquals(200, same.statusCode());
    }

    @Test
    void jettysOwnErrorsAnswerJson() throws Exception {
        start(ApiSettings.defaults());
        String host = "Host: 127.0.0.1\r\n";
        for (String path : List.of("/api/../etc/passwd", "/api/%2e%2e/x", "/a%00b", "/api\\health")) {
            Raw r = raw("GET " + path + " HTTP/1.1\r\n" + host + "\r\n");
            assertTrue(r.status >= 400 && r.status < 500, path + " → " + r.status);
            assertTrue(r.contentType().startsWith("application/json"), path + ": " + r.text);
        }
        Raw longUri = raw("GET /api/" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + "\r\n");
        assertEquals(414, longUri.status);
        assertTrue(longUri.contentType().startsWith("application/json"), longUri.text);
        Raw bigHeader = raw("GET /api/health HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(20_000) + "\r\n\r\n");
        assertEquals(431, bigHeader.status);
        assertTrue(bigHeader.contentType().startsWith("application/json"), bigHeader.text);
    }

    @Test
    void listeningBeyondLoopbackNeedsAToken() {
        var e = assertThrows(
                InvalidInputException.class, () -> start(ApiSettings.defaults().withHost("0.0.0.0")));
        assertTrue(e.getMessage().contains("ATTNFLOW_TOKEN"), e.getMessage());
        assertTrue(e.getMessage().contains("--token"), e.getMessage());
        assertNotNull(new ApiServer(
                ApiSettings.defaults().withHost("0.0.0.0").withToken("s3cret"),
                new ApiServices(() -> {}, null, null, null, null)));
    }

    private static JsonNode json(String body) throws Exception {
        return Json.mapper().readTree(body);
    }

    record Raw(int status, String text) {
        String contentType() {
            for (String line : text.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-type:"))
                    return line.substring(13).trim();
                if (line.isEmpty()) break;
            }
            return "";
        }
    }

    private Raw raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((request.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            String text = buf.toString(StandardCharsets.UTF_8);
            return new Raw(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
