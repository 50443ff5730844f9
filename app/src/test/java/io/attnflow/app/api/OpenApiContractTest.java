package io.attnflow.app.api;

import static io.attnflow.app.api.ContractCalls.calls;
import static io.attnflow.app.api.ContractCalls.contentType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.api.ApiServer;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.json.Json;
import io.attnflow.app.api.ContractCalls.Call;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The contract check itself, against a real served {@code /openapi.json}: a secured route answers the declared 401
 * without the token, and {@link OpenApiContract} reports an undeclared or missing field, a wrong type, status or
 * media type, and a route the table of {@link ContractCalls} leaves out.
 */
class OpenApiContractTest extends IngestedGraphTest {
    static final String TOKEN = "contract-token";

    @Test
    void without_the_token_a_secured_route_answers_the_declared_401() {
        ApiServer guarded = graph.server(ApiSettings.defaults().withToken(TOKEN));
        JavalinTest.test(guarded.app(), (s, client) -> {
            OpenApiContract contract =
                    new OpenApiContract(client.get(ApiServer.SPEC_PATH).body().string());
            Response r = client.get("/api/models");
            assertEquals(401, r.code());
            assertEquals(
                    List.of(),
                    contract.violations(
                            "GET", "/api/models", 401, contentType(r), r.body().string()));
        });
    }

    @Test
    void anUndeclaredFieldAMissingFieldAWrongTypeOrStatusAndAnUncalledRouteAllFail() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            OpenApiContract contract =
                    new OpenApiContract(client.get(ApiServer.SPEC_PATH).body().string());
            String t = "/api/models/{model}";
            Response r = client.get("/api/models/" + ApiTestGraph.A);
            String type = contentType(r);
            ObjectNode model = (ObjectNode) Json.mapper().readTree(r.body().string());
            assertEquals(List.of(), contract.violations("GET", t, 200, type, model.toString()));

            assertFalse(contract.violations(
                            "GET",
                            t,
                            200,
                            type,
                            model.deepCopy().put("extra", 1).toString())
                    .isEmpty());
            ObjectNode missing = model.deepCopy();
            missing.remove("layers");
            assertFalse(
                    contract.violations("GET", t, 200, type, missing.toString()).isEmpty());
            assertFalse(contract.violations(
                            "GET",
                            t,
                            200,
                            type,
                            model.deepCopy().put("layers", "twelve").toString())
                    .isEmpty());
            assertFalse(
                    contract.violations("GET", t, 418, type, model.toString()).isEmpty(), "an undeclared status");
            assertFalse(contract.violations("GET", t, 200, "text/plain", model.toString())
                    .isEmpty());
            assertFalse(
                    contract.violations("GET", t, 404, type, model.toString()).isEmpty(), "not an ErrorResponse");

            TreeSet<String> called = new TreeSet<>();
            for (Call c : calls(graph, client)) called.add(c.key());
            assertEquals(contract.operations(), called);
            called.remove("GET /api/models/{model}/heads/behaviour");
            assertTrue(!contract.operations().equals(called), "a route left out of the table is noticed");
        });
    }
}
