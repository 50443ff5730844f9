package io.attnflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.json.Json;
import io.javalin.testtools.JavalinTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The server's cross-cutting behaviour (auth, CORS, errors, docs) with a database probe that can be switched off.
 * Endpoints over real data are tested in the app module, where sentences can be ingested.
 */
class ServerInfrastructureTest {
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);

    private ApiServer server(ApiSettings settings) {
        DatabaseProbe probe = () -> {
            if (!databaseUp.get()) throw new IllegalStateException("connection refused");
        };
        return new ApiServer(settings.withPort(0), new ApiServices(probe, null, null, null, null));
    }

    private static String allowOrigin(io.javalin.testtools.Response r) {
        List<String> values = r.headers().get("Access-Control-Allow-Origin");
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static JsonNode json(String body) throws Exception {
        return Json.mapper().readTree(body);
    }

    @Test
    void healthAnswers200WithJvmFiguresWhileTheDatabaseAnswersAnd503WhileItDoesNot() {
        JavalinTest.test(server(ApiSettings.defaults()).app(), (s, client) -> {
            var up = client.get("/api/health");
            assertEquals(200, up.code());
            JsonNode body = json(up.body().string());
            assertEquals("up", body.get("database").asText());
            assertTrue(body.get("threads").asInt() > 0);
            assertTrue(body.get("heapUsedBytes").asLong() > 0);

            databaseUp.set(false);
            var down = client.get("/api/health");
            assertEquals(503, down.code());
            JsonNode error = json(down.body().string());
            assertEquals(503, error.get("status").asInt());
            assertEquals("database_unavailable", error.get("error").asText());

            databaseUp.set(true);
            int code = 0;
            for (int i = 0; i < 50 && code != 200; i++) {
                code = client.get("/api/health").code();
                if (code != 200) Thread.sleep(100);
            }
            assertEquals(200, code, "a background probe reopens the API once the database answers");
        });
    }

    @Test
    void healthSaysBusyWithinASecondWhenTheDatabaseIsSlowAndDownWhenItFails() {
        java.util.concurrent.atomic.AtomicLong delay = new java.util.concurrent.atomic.AtomicLong(3000);
        DatabaseProbe slow = () -> {
            try {
                Thread.sleep(delay.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!databaseUp.get()) throw new IllegalStateException("connection refused");
        };
        ApiServer server =
                new ApiServer(ApiSettings.defaults().withPort(0), new ApiServices(slow, null, null, null, null));
        JavalinTest.test(server.app(), (s, client) -> {
            long start = System.nanoTime();
            var busy = client.get("/api/health");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(503, busy.code());
            JsonNode body = json(busy.body().string());
            assertEquals("database_busy", body.get("error").asText());
            assertEquals("busy", body.get("details").get("database").asText());
            assertTrue(millis < 1000, "health took " + millis + " ms");
            Thread.sleep(3000); // the slow ping ends
            delay.set(0);
            databaseUp.set(false);
            var down = client.get("/api/health");
            assertEquals(
                    "down",
                    json(down.body().string()).get("details").get("database").asText());
        });
    }

    @Test
    void aConfiguredTokenIsRequiredOnEveryApiCallButNotForTheSpecOrTheDocs() {
        JavalinTest.test(server(ApiSettings.defaults().withToken("s3cret")).app(), (s, client) -> {
            var missing = client.get("/api/health");
            assertEquals(401, missing.code());
            JsonNode error = json(missing.body().string());
            assertEquals("unauthorized", error.get("error").asText());
            assertTrue(error.get("message").asText().contains("Authorization: Bearer"));

            assertEquals(
                    401,
                    client.get("/api/health", r -> r.header("Authorization", "Bearer wrong"))
                            .code());
            assertEquals(401, client.get("/api/nothing-here").code(), "unknown /api paths do not leak either");
            assertEquals(
                    200,
                    client.get("/api/health", r -> r.header("Authorization", "Bearer s3cret"))
                            .code());
            assertEquals(200, client.get("/openapi.json").code());
            assertEquals(200, client.get("/docs").code());
        });
    }

    @Test
    void unknownRoutesAnswerAnErrorResponseNotAnHtmlPage() {
        JavalinTest.test(server(ApiSettings.defaults()).app(), (s, client) -> {
            var r = client.get("/api/no/such/thing");
            assertEquals(404, r.code());
            JsonNode error = json(r.body().string());
            assertEquals(404, error.get("status").asInt());
            assertEquals("not_found", error.get("error").asText());
            assertTrue(error.get("message").asText().contains("/api/no/such/thing"));
        });
    }

    @Test
    void corsStaysClosedUnlessAnOriginIsConfigured() {
        JavalinTest.test(server(ApiSettings.defaults()).app(), (s, client) -> {
            var r = client.get("/api/health", b -> b.header("Origin", "http://evil.example"));
            assertNull(allowOrigin(r));
        });
        ApiSettings open = ApiSettings.defaults().withCorsOrigins(List.of("http://notebook.local:8888"));
        JavalinTest.test(server(open).app(), (s, client) -> {
            var allowed = client.get("/api/health", b -> b.header("Origin", "http://notebook.local:8888"));
            assertEquals("http://notebook.local:8888", allowOrigin(allowed));
            var other = client.get("/api/health", b -> b.header("Origin", "http://evil.example"));
            assertNull(allowOrigin(other));
        });
    }

    @Test
    void theDocsPageLoadsSwaggerUiFromTheWebjarOffline() {
        JavalinTest.test(server(ApiSettings.defaults()).app(), (s, client) -> {
            String html = client.get("/docs").body().string();
            assertTrue(html.contains(ApiServer.DOCS_SCRIPT_PATH));
            assertTrue(client.get(ApiServer.DOCS_SCRIPT_PATH).body().string().contains("/openapi.json"));
            String version = DocsPage.swaggerUiVersion();
            assertFalse(version.equals("unknown"));
            var bundle = client.get("/webjars/swagger-ui/" + version + "/swagger-ui-bundle.js");
            assertEquals(200, bundle.code());
            assertTrue(bundle.body().string().length() > 100_000);
        });
    }

    @Test
    void theServerBindsTheLoopbackInterfaceByDefault() {
        assertEquals("127.0.0.1", ApiSettings.defaults().host());
        assertNull(ApiSettings.defaults().token());
        assertTrue(ApiSettings.defaults().corsOrigins().isEmpty());
    }
}
