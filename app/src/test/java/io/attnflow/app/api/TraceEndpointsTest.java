package io.attnflow.app.api;

import static io.attnflow.app.api.StoredDataEndpointsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.json.Json;
import io.attnflow.core.trace.Direction;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Traces over really ingested sentences: the API answers exactly what the query service and {@code attnflow trace}
 * compute (byte for byte, through the shared JSON mapper), and rejects bad trace parameters with 400. (Heads,
 * comparisons and named queries: {@link AnalysisEndpointsTest}.)
 */
class TraceEndpointsTest extends IngestedGraphTest {
    static String trace(String model, String sid, String query) {
        return "/api/models/" + model + "/sentences/" + sid + "/trace" + (query.isEmpty() ? "" : "?" + query);
    }

    @Test
    void theDefaultBackwardTraceIsTheQueryServicesTraceByteForByte() {
        String sid = graph.sid(1);
        JavalinTest.test(graph.server().app(), (s, client) -> {
            Response r = client.get(trace(ApiTestGraph.B, sid, ""));
            assertEquals(200, r.code());
            String expected = Json.write(queries.trace(TraceRequest.fromCls(ApiTestGraph.B, sid)));
            assertEquals(expected, r.body().string());
        });
    }

    @Test
    void theApiTraceIsByteForByteTheJsonOfAttnflowTrace() {
        String text = "The movie was not good at all.";
        String sid = io.attnflow.core.model.SentenceInput.idOf(text, null);
        var cli = io.attnflow.app.Main.commandLine();
        var out = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(out));
        int code = cli.execute(
                "trace",
                "--model",
                ApiTestGraph.B,
                "--text",
                text,
                "--tau",
                "0.15",
                "--direction",
                "forward",
                "--from-layer",
                "0",
                "--tokens",
                "0,4",
                "--heads",
                "1:2,2:7",
                "--alpha",
                "0.8",
                "--format",
                "json",
                "--neo4j-uri",
                graph.neo4j.boltURI().toString());
        assertEquals(0, code);
        JavalinTest.test(graph.server().app(), (s, client) -> {
            String api = client.get(trace(
                            ApiTestGraph.B,
                            sid,
                            "tau=0.15&direction=forward&fromLayer=0&tokens=0,4&heads=1:2,2:7&alpha=0.8"))
                    .body()
                    .string();
            assertEquals(out.toString().strip(), api);
        });
    }

    @Test
    void everyTraceParameterReachesTheQueryService() {
        String sid = graph.sid(2);
        TraceRequest request = new TraceRequest(
                ApiTestGraph.A,
                sid,
                Direction.BACKWARD,
                0.2,
                11,
                2,
                List.of(0, 3),
                Map.of(11, Set.of(0, 5), 7, Set.of(2)),
                0.7);
        TraceRequest forward =
                new TraceRequest(ApiTestGraph.A, sid, Direction.FORWARD, 0.15, 1, null, List.of(2), Map.of(), 0.5);
        JavalinTest.test(graph.server().app(), (s, client) -> {
            String body = client.get(
                            trace(
                                    ApiTestGraph.A,
                                    sid,
                                    "direction=backward&tau=0.2&fromLayer=11&toLayer=2&tokens=0,3&heads=11:0,11:5,7:2&alpha=0.7"))
                    .body()
                    .string();
            assertEquals(Json.write(queries.trace(request)), body);
            TraceResult parsed = Json.mapper().readValue(body, TraceResult.class);
            assertTrue(parsed.edges().stream().allMatch(e -> e.toLayer() <= 11 && e.fromLayer() >= 2));
            assertTrue(parsed.edges().stream()
                    .filter(e -> e.toLayer() == 11)
                    .allMatch(e -> e.head() == 0 || e.head() == 5));

            String up = client.get(trace(ApiTestGraph.A, sid, "direction=FORWARD&tau=0.15&fromLayer=1&tokens=2"))
                    .body()
                    .string();
            assertEquals(Json.write(queries.trace(forward)), up);
            TraceResult f = Json.mapper().readValue(up, TraceResult.class);
            assertTrue(f.nodes()
                            .contains(
                                    new TraceResult.Node(1, 2, f.nodes().get(0).token(), 1.0))
                    || f.nodes().stream().anyMatch(n -> n.layer() == 1 && n.pos() == 2 && n.value() == 1.0));
        });
    }

    @Test
    void theTraceFollowsTheJsonContract() {
        String sid = graph.sid(0);
        int n = graph.storedA.get(0).n();
        JavalinTest.test(graph.server().app(), (s, client) -> {
            JsonNode t = json(client.get(trace(ApiTestGraph.A, sid, "tau=0.1")));
            assertEquals(
                    List.of("nodes", "edges", "influence", "headImportance", "rollout", "attentionFlow", "prediction"),
                    fieldNames(t));
            assertTrue(t.get("prediction").isNull(), "bge-small has no classifier head");
            assertEquals(
                    List.of("layer", "pos", "token", "value"),
                    fieldNames(t.get("nodes").get(0)));
            assertEquals(
                    List.of("fromLayer", "fromPos", "toLayer", "toPos", "head", "w"),
                    fieldNames(t.get("edges").get(0)));
            assertEquals(n, t.get("influence").size());
            assertEquals(n, t.get("rollout").size());
            assertEquals(n, t.get("attentionFlow").size(), "attention flow (max-flow): computed for a short sentence");
            assertEquals(12, t.get("headImportance").size());
            assertEquals(12, t.get("headImportance").get(0).size());
            JsonNode start = t.get("nodes").get(t.get("nodes").size() - 1);
            assertEquals(12, start.get("layer").asInt(), "the start node [CLS] @ L is last");
            assertEquals("[CLS]", start.get("token").asText());
            assertEquals(1.0, start.get("value").asDouble());
            for (JsonNode e : t.get("edges")) {
                assertEquals(e.get("fromLayer").asInt() + 1, e.get("toLayer").asInt());
                assertTrue(e.get("w").asDouble() > 0.1);
            }
        });
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void badTraceParametersAnswer400NamingTheParameterAndTheAllowedRange() {
        String sid = graph.sid(0);
        JavalinTest.test(graph.server().app(), (s, client) -> {
            Map<String, String> cases = Map.of(
                    "tau=0.001", "0.01",
                    "tau=1.5", "tau",
                    "tau=abc", "'abc'",
                    "direction=sideways", "backward, forward",
                    "fromLayer=13", "0..12",
                    "heads=13:0", "1..12",
                    "heads=3:12", "0..11",
                    "heads=three", "LAYER:HEAD",
                    "tokens=99", "outside the sentence",
                    "alpha=0", "(0, 1]");
            for (var c : cases.entrySet()) {
                Response r = client.get(trace(ApiTestGraph.A, sid, c.getKey()));
                JsonNode error = json(r);
                assertEquals(400, r.code(), c.getKey() + " -> " + error);
                assertEquals(400, error.get("status").asInt());
                assertEquals("bad_request", error.get("error").asText());
                assertTrue(error.get("message").asText().contains(c.getValue()), c.getKey() + " -> " + error);
            }
            Response model = client.get(trace("no-such-model", sid, ""));
            assertEquals(404, model.code());
            assertTrue(json(model).get("message").asText().contains("no-such-model"));
            Response sentence = client.get(trace(ApiTestGraph.A, "ffffffffffffffff", ""));
            assertEquals(404, sentence.code());
            assertTrue(json(sentence).get("message").asText().contains("ffffffffffffffff"));
        });
    }
}
