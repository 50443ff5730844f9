package io.attnflow.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.json.Json;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.javalin.testtools.JavalinTest;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document lists every route Javalin actually registered (its own registry, not our route list), with
 * its path parameters. Whether the real answers match the document's schemas is checked in the app module's
 * {@code ApiContractTest}, over a real graph.
 */
class OpenApiCoverageTest {

    @Test
    void everyRegisteredRouteAppearsInTheServedSpecWithItsPathParameters() throws Exception {
        ApiServer server =
                new ApiServer(ApiSettings.defaults().withPort(0), new ApiServices(() -> {}, null, null, null, null));
        JavalinTest.test(server.app(), (s, client) -> {
            // Javalin's own registry of handlers, not our route list
            List<ParsedEndpoint> registered = s.unsafe.internalRouter.allHttpHandlers();
            JsonNode spec =
                    Json.mapper().readTree(client.get("/openapi.json").body().string());
            assertEquals("3.0.3", spec.get("openapi").asText());
            JsonNode paths = spec.get("paths");
            TreeSet<String> endpoints = new TreeSet<>();
            for (ParsedEndpoint parsed : registered) {
                Endpoint h = parsed.endpoint;
                if (!h.method.isHttpMethod()) continue; // before/after filters are not endpoints
                String method = h.method.name();
                endpoints.add(method + " " + h.path);
                JsonNode op = paths.path(h.path).path(method.toLowerCase());
                assertFalse(op.isMissingNode(), method + " " + h.path + " is missing from /openapi.json");
                assertFalse(op.get("summary").asText().isBlank(), h.path + " has no summary");
                Matcher m = Pattern.compile("\\{([^}]+)}").matcher(h.path);
                while (m.find()) {
                    String name = m.group(1);
                    boolean documented = false;
                    for (JsonNode p : op.path("parameters")) {
                        documented |= p.get("in").asText().equals("path")
                                && p.get("name").asText().equals(name);
                    }
                    assertTrue(documented, "path parameter " + name + " is undocumented in " + h.path);
                }
            }
            assertEquals(server.routes().size(), endpoints.size(), "registered: " + endpoints);
            int described = 0;
            for (JsonNode item : paths) described += item.size();
            assertEquals(endpoints.size(), described, "the spec describes exactly the registered endpoints");
        });
    }
}
