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
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Heads, comparisons and named queries over really ingested sentences: the API answers exactly what the query
 * service computes (byte for byte, through the shared JSON mapper), and rejects bad parameters with 400. (Traces:
 * {@link TraceEndpointsTest}.)
 */
class AnalysisEndpointsTest extends IngestedGraphTest {
    static String trace(String model, String sid, String query) {
        return TraceEndpointsTest.trace(model, sid, query);
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
            // the static UI loads without the token (it asks the user for it), and so do its scripts
            Response page = client.get("/");
            assertEquals(200, page.code());
            assertTrue(page.body().string().contains("<html"), "the UI's index.html");
            assertEquals(200, client.get("/js/main.js").code());
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
                            .get("tokens")
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
