package io.attnflow.app.api;

import static io.attnflow.app.api.StoredDataEndpointsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.json.Json;
import io.attnflow.core.trace.Direction;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.query.AttentionQueries;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Traces, heads, comparisons and named queries over really ingested sentences: the API answers exactly what the
 * query service computes (byte for byte, through the shared JSON mapper), and rejects bad parameters with 400.
 */
class AnalysisEndpointsTest {
    static ApiTestGraph graph;
    static AttentionQueries queries;

    @BeforeAll
    static void ingest() {
        graph = new ApiTestGraph();
        queries = AttentionQueries.of(graph.connection);
    }

    @AfterAll
    static void close() {
        graph.close();
    }

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
            assertEquals(List.of("nodes", "edges", "influence", "headImportance", "rollout"), fieldNames(t));
            assertEquals(
                    List.of("layer", "pos", "token", "value"),
                    fieldNames(t.get("nodes").get(0)));
            assertEquals(
                    List.of("fromLayer", "fromPos", "toLayer", "toPos", "head", "w"),
                    fieldNames(t.get("edges").get(0)));
            assertEquals(n, t.get("influence").size());
            assertEquals(n, t.get("rollout").size());
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

    @Test
    void headsOfASentenceCarryTheTracesImportanceAndTheirBehaviour() {
        String sid = graph.sid(1);
        TraceResult t = queries.trace(new TraceRequest(
                ApiTestGraph.B,
                sid,
                Direction.BACKWARD,
                0.2,
                null,
                null,
                List.of(),
                Map.of(),
                TraceRequest.DEFAULT_ALPHA));
        JavalinTest.test(graph.server().app(), (s, client) -> {
            JsonNode report =
                    json(client.get("/api/models/" + ApiTestGraph.B + "/sentences/" + sid + "/heads?tau=0.2"));
            assertEquals(Json.write(queries.heads(ApiTestGraph.B, sid, 0.2)), report.toString());
            JsonNode heads = report.get("heads");
            assertEquals(144, heads.size());
            for (JsonNode h : heads) {
                double expected = t.headImportance()[h.get("layer").asInt() - 1][
                        h.get("head").asInt()];
                assertEquals(expected, h.get("importance").asDouble(), 1e-9);
                assertTrue(h.get("entropy").asDouble() >= 0);
            }
            JsonNode rollout = json(client.get("/api/models/" + ApiTestGraph.B + "/sentences/" + sid + "/rollout"));
            for (int k = 0; k < t.rollout().length; k++) {
                assertEquals(t.rollout()[k], rollout.get("rollout").get(k).asDouble(), 1e-12);
            }
            assertEquals("[CLS]", rollout.get("tokens").get(0).asText());
        });
    }

    @Test
    void corpusHeadImportanceAndBehaviourCoverTheModelsSentences() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            JsonNode corpus =
                    json(client.get("/api/models/" + ApiTestGraph.A + "/heads/importance?tau=0.1&corpus=fixture"));
            assertEquals(3, corpus.get("sentences").asInt());
            JsonNode heads = corpus.get("heads");
            assertEquals(144, heads.size());
            for (int i = 1; i < heads.size(); i++) {
                assertTrue(heads.get(i - 1).get("mean").asDouble()
                        >= heads.get(i).get("mean").asDouble());
            }
            assertEquals(Json.write(queries.headImportance(ApiTestGraph.A, 0.1, "fixture")), corpus.toString());
            JsonNode behaviour = json(client.get("/api/models/" + ApiTestGraph.A + "/heads/behaviour"));
            assertEquals(144, behaviour.get("rows").size());
            assertEquals(404, client.get("/api/models/nope/heads/behaviour").code());
        });
    }

    @Test
    void comparingTwoModelsOnASentenceAndOverTheCorpusAnswersTheQueryServicesResult() {
        String sid = graph.sid(0);
        JavalinTest.test(graph.server().app(), (s, client) -> {
            String q = "modelA=" + ApiTestGraph.A + "&modelB=" + ApiTestGraph.B + "&sid=" + sid + "&tau=0.1";
            JsonNode cmp = json(client.get("/api/compare?" + q));
            assertEquals(Json.write(queries.compare(ApiTestGraph.A, ApiTestGraph.B, sid, 0.1)), cmp.toString());
            assertEquals(144, cmp.get("heads").size());
            assertEquals(12, cmp.get("layers").size());
            double cos = cmp.get("meanCosine").asDouble();
            assertTrue(cos > 0 && cos <= 1.0 + 1e-9, "two checkpoints of one architecture: " + cos);

            JsonNode edges = json(client.get("/api/compare/edges?" + q + "&layer=12&head=3"));
            assertTrue(edges.size() > 0);
            for (JsonNode e : edges) {
                assertEquals(12, e.get("layer").asInt());
                assertEquals(3, e.get("head").asInt());
            }
            JsonNode corpus = json(client.get("/api/compare/corpus?modelA=" + ApiTestGraph.A + "&modelB="
                    + ApiTestGraph.B + "&tau=0.1&corpus=fixture"));
            assertEquals(3, corpus.get("sentences").asInt());
            assertEquals(3, corpus.get("differing").size());

            assertEquals(
                    400,
                    client.get("/api/compare?modelA=" + ApiTestGraph.A + "&sid=" + sid)
                            .code(),
                    "modelB missing");
            assertEquals(
                    404,
                    client.get("/api/compare?modelA=" + ApiTestGraph.A + "&modelB=nope&sid=" + sid)
                            .code());
        });
    }

    @Test
    void namedQueriesAreListedAndAnUnknownNameAnswers404ListingTheNames() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            JsonNode list = json(client.get("/api/queries"));
            long analystFiles = queries.catalogue().all().keySet().stream()
                    .filter(n -> n.startsWith("analyst_"))
                    .count();
            assertTrue(analystFiles > 0, "the catalogue has analyst queries");
            assertEquals(analystFiles, list.size(), "every analyst_* file is listed");
            for (JsonNode q : list) assertTrue(q.get("name").asText().startsWith("analyst_"));
            Response unknown = client.get("/api/queries/no_such_query");
            assertEquals(404, unknown.code());
            assertTrue(json(unknown).get("message").asText().contains("no_such_query"));
            String name = list.get(0).get("name").asText();
            Response typo = client.get("/api/queries/" + name + "?no_such_param=1");
            assertEquals(400, typo.code());
            // the spec's example name is a real query
            JsonNode spec = json(client.get("/openapi.json"));
            String example = null;
            for (JsonNode p :
                    spec.path("paths").path("/api/queries/{name}").path("get").path("parameters")) {
                if (p.path("name").asText().equals("name"))
                    example = p.path("example").asText(null);
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (JsonNode q : list) names.add(q.get("name").asText());
            assertTrue(names.contains(example), "the spec's example '" + example + "' is not in " + names);
            // a query that reads $limit needs a whole number: missing or bad is a 400, not Neo4j's 500
            Response noLimit = client.get(
                    "/api/queries/analyst_behaviour_shift?modelA=" + ApiTestGraph.A + "&modelB=" + ApiTestGraph.B);
            assertEquals(400, noLimit.code());
            assertTrue(json(noLimit).get("message").asText().contains("limit"));
            assertEquals(
                    400,
                    client.get("/api/queries/analyst_behaviour_shift?limit=ten").code());
            Response ok = client.get("/api/queries/analyst_behaviour_shift?modelA=" + ApiTestGraph.A + "&modelB="
                    + ApiTestGraph.B + "&limit=3");
            assertEquals(200, ok.code());
            assertTrue(json(ok).get("rows").size() <= 3);
        });
    }

    @Test
    void aTokenProtectsTheAnalysisEndpoints() {
        String path = trace(ApiTestGraph.A, graph.sid(0), "");
        JavalinTest.test(graph.server(ApiSettings.defaults().withToken("t0k3n")).app(), (s, client) -> {
            assertEquals(401, client.get(path).code());
            assertEquals(
                    401, client.post("/api/cypher", "{\"query\":\"RETURN 1\"}").code());
            assertEquals(
                    200,
                    client.get(path, r -> r.header("Authorization", "Bearer t0k3n"))
                            .code());
            // the static UI loads without the token (it asks the user for it), and so does its Cytoscape bundle
            Response page = client.get("/");
            assertEquals(200, page.code());
            assertTrue(page.body().string().contains("<html"), "the UI's index.html");
            assertEquals(200, client.get("/vendor/cytoscape.min.js").code());
        });
    }

    @Test
    void ingestingOverHttpStoresASentenceThatCanBeTracedAtOnce() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            Response r = client.post(
                    "/api/models/" + ApiTestGraph.B + "/sentences",
                    "{\"text\":\"Birds fly south.\",\"corpus\":\"api-ingest\"}");
            assertEquals(200, r.code(), r.body().string());
            JsonNode stored = json(r);
            String sid = stored.get("sid").asText();
            assertEquals(io.attnflow.core.model.SentenceInput.idOf("Birds fly south.", null), sid);
            assertEquals(200, client.get(trace(ApiTestGraph.B, sid, "")).code());
            assertEquals(
                    stored.get("n").asInt(),
                    json(client.get("/api/models/" + ApiTestGraph.B + "/sentences/" + sid + "/tokens"))
                            .size());

            JsonNode batch = json(client.post(
                    "/api/models/" + ApiTestGraph.B + "/sentences/batch",
                    "{\"sentences\":[{\"text\":\"Is it raining?\",\"textB\":\"Yes, it is.\",\"corpus\":\"api-ingest\"},"
                            + "{\"text\":\"Snow fell.\",\"corpus\":\"api-ingest\"}]}"));
            assertEquals(2, batch.get("count").asInt());
            assertEquals(
                    "Yes, it is.", batch.get("sentences").get(0).get("textB").asText());

            JsonNode malformed = json(client.post("/api/models/" + ApiTestGraph.B + "/sentences", "{\"text\": "));
            assertEquals(400, malformed.get("status").asInt());
            assertTrue(malformed.get("message").asText().contains("malformed JSON"));
            JsonNode empty = json(client.post("/api/models/" + ApiTestGraph.B + "/sentences", "{\"text\":\"  \"}"));
            assertEquals(400, empty.get("status").asInt());
            StringBuilder big = new StringBuilder("{\"sentences\":[");
            for (int i = 0; i < 33; i++)
                big.append(i == 0 ? "" : ",").append("{\"text\":\"s").append(i).append("\"}");
            JsonNode tooMany = json(client.post("/api/models/" + ApiTestGraph.B + "/sentences/batch", big + "]}"));
            assertEquals(413, tooMany.get("status").asInt());
            assertTrue(tooMany.get("message").asText().contains("32"));
            Response unknown = client.post("/api/models/no-such-model/sentences", "{\"text\":\"Hi.\"}");
            assertEquals(404, unknown.code());
            assertTrue(json(unknown).get("message").asText().contains("bge-small-en-v1.5"), "lists the choices");
            Response path = client.post("/api/models/%2Ftmp%2Fmodel/sentences", "{\"text\":\"Hi.\"}");
            assertEquals(404, path.code(), "a path is not a model id over HTTP");
        });
    }
}
