package io.attnflow.app.api;

import static io.attnflow.app.api.StoredDataEndpointsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.api.ApiServer;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.json.Json;
import io.attnflow.app.IngestPipeline;
import io.attnflow.app.finetune.FineTunedFixture;
import io.attnflow.core.model.CharSpan;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.graph.write.ModelLinks;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API contract checked against reality: every route of the served {@code /openapi.json} is called over really
 * ingested sentences, with valid parameters and with the cheap documented failures (400, 401, 403, 404, 413), and
 * each real answer is validated against the schema the document declares for that route, status and media type.
 * The table of calls must cover every operation of the document, so a new route fails here until it is called.
 */
class ApiContractTest extends IngestedGraphTest {
    static final String TOKEN = "contract-token";
    /** A real classifier (a fine-tune's final state), so predictions, labels and FINE_TUNED_FROM are checked too. */
    static final String CLASSIFIER = "lt-tiny@final";

    @BeforeAll
    static void ingestAClassifier() {
        List<CorpusEntry> entries = List.of(new CorpusEntry.Sentence(
                Path.of("fixture.tsv"), 1, ApiTestGraph.SENTENCES.get(1), new CharSpan(4, 9))); // "movie"
        var options = new IngestPipeline.Options(
                StoredWeights.DEFAULT_FLOOR, GraphWriter.DEFAULT_BATCH, false, IngestPipeline.OnError.fail);
        ModelCatalog catalog = ModelCatalog.standard();
        try (AttentionModel base = catalog.open(FineTunedFixture.BASE, LoadOptions.defaults());
                AttentionModel tuned =
                        catalog.openAs(FineTunedFixture.dir().toString(), CLASSIFIER, LoadOptions.defaults())) {
            new IngestPipeline(graph.connection, base, options, null).run(entries);
            new IngestPipeline(graph.connection, tuned, options, null).run(entries);
        }
        new ModelLinks(graph.connection).fineTunedFrom(CLASSIFIER, FineTunedFixture.BASE, FineTunedFixture.STEPS);
    }

    /** One request: the route template it exercises, the concrete URL, the body (POST) and the status it expects. */
    record Call(String method, String template, String url, String body, int status) {
        static Call get(String template, String url, int status) {
            return new Call("GET", template, url, null, status);
        }

        static Call post(String template, String url, String body, int status) {
            return new Call("POST", template, url, body, status);
        }

        String key() {
            return method + " " + template;
        }
    }

    static List<Call> calls(HttpClient client) throws Exception {
        String a = ApiTestGraph.A, b = ApiTestGraph.B, sid = graph.sid(0), pair = graph.sid(2);
        String none = "0000000000000000";
        String run = "/api/models/{model}/sentences/{sid}";
        String at = "/api/models/" + a + "/sentences/" + sid;
        String unknown = "/api/models/no-such-model/sentences/" + sid;
        String classified = "/api/models/" + enc(CLASSIFIER) + "/sentences/" + graph.sid(1);
        String ab = "modelA=" + a + "&modelB=" + b;
        List<Call> calls = new ArrayList<>(List.of(
                Call.get("/api/health", "/api/health", 200),
                Call.get("/api/models", "/api/models", 200),
                Call.get("/api/models/{model}", "/api/models/" + a, 200),
                Call.get("/api/models/{model}", "/api/models/no-such-model", 404),
                Call.get("/api/sentences", "/api/sentences?q=cat&corpus=fixture&limit=2", 200),
                Call.get("/api/sentences", "/api/sentences?limit=0", 400),
                Call.get("/api/sentences/{sid}", "/api/sentences/" + pair, 200),
                Call.get("/api/sentences/{sid}", "/api/sentences/" + none, 404),
                Call.get(run + "/tokens", "/api/models/" + a + "/sentences/" + pair + "/tokens", 200),
                Call.get(run + "/tokens", unknown + "/tokens", 404),
                Call.get(run + "/tokens", classified + "/tokens", 200),
                Call.get(run + "/trace", classified + "/trace?tau=0.2", 200),
                Call.get("/api/sentences/{sid}", "/api/sentences/" + graph.sid(1), 200),
                Call.get("/api/models/{model}", "/api/models/" + enc(CLASSIFIER), 200),
                Call.get(run + "/attention", at + "/attention?layer=3&head=7", 200),
                Call.get(run + "/attention", at + "/attention?layer=one&head=0", 400),
                Call.get(run + "/attention", unknown + "/attention?layer=1&head=0", 404),
                Call.get(run + "/trace", at + "/trace", 200),
                Call.get(run + "/trace", at + "/trace?direction=forward&fromLayer=0&tokens=0,2&heads=1:2&tau=0.2", 200),
                Call.get(run + "/trace", at + "/trace?tau=abc", 400),
                Call.get(run + "/trace", unknown + "/trace", 404),
                Call.get(run + "/heads", at + "/heads?tau=0.1", 200),
                Call.get(run + "/heads", at + "/heads?tau=2", 400),
                Call.get(run + "/heads", unknown + "/heads", 404),
                Call.get(run + "/rollout", at + "/rollout", 200),
                Call.get(run + "/rollout", unknown + "/rollout", 404),
                Call.get("/api/models/{model}/heads/importance", "/api/models/" + a + "/heads/importance", 200),
                Call.get("/api/models/{model}/heads/importance", "/api/models/" + a + "/heads/importance?tau=x", 400),
                Call.get("/api/models/{model}/heads/importance", "/api/models/no-such-model/heads/importance", 404),
                Call.get("/api/models/{model}/heads/behaviour", "/api/models/" + b + "/heads/behaviour", 200),
                Call.get("/api/models/{model}/heads/behaviour", "/api/models/no-such-model/heads/behaviour", 404),
                Call.get("/api/compare", "/api/compare?" + ab + "&sid=" + pair, 200),
                Call.get("/api/compare", "/api/compare?" + ab, 400),
                Call.get("/api/compare", "/api/compare?" + ab + "&sid=" + none, 404),
                Call.get("/api/compare/edges", "/api/compare/edges?" + ab + "&sid=" + sid + "&layer=12&head=0", 200),
                Call.get("/api/compare/edges", "/api/compare/edges?" + ab + "&sid=" + sid + "&layer=x", 400),
                Call.get("/api/compare/edges", "/api/compare/edges?modelA=nope&modelB=" + b + "&sid=" + sid, 404),
                Call.get("/api/compare/corpus", "/api/compare/corpus?" + ab + "&corpus=fixture", 200),
                Call.get("/api/compare/corpus", "/api/compare/corpus?modelA=" + a, 400),
                Call.get("/api/compare/corpus", "/api/compare/corpus?modelA=nope&modelB=" + b, 404),
                Call.get("/api/queries", "/api/queries", 200),
                Call.get("/api/queries/{name}", "/api/queries/no_such_query", 404),
                Call.get("/api/queries/{name}", "/api/queries/analyst_sep_heads?no_such_param=1", 400),
                Call.post("/api/cypher", "/api/cypher", "{\"query\":\"MATCH (m:Model) RETURN m, m.id AS id\"}", 200),
                Call.post("/api/cypher", "/api/cypher", "{\"query\":\"MATC (n) RETURN n\"}", 400),
                Call.post("/api/cypher", "/api/cypher", "{\"query\":\"CREATE (x:Evil) RETURN x\"}", 403),
                Call.post(
                        "/api/models/{model}/sentences",
                        "/api/models/" + a + "/sentences",
                        "{\"text\":\"The contract holds.\",\"corpus\":\"contract\"}",
                        200),
                Call.post("/api/models/{model}/sentences", "/api/models/" + a + "/sentences", "{\"text\":\" \"}", 400),
                Call.post("/api/models/{model}/sentences", "/api/models/nope/sentences", "{\"text\":\"Hi.\"}", 404),
                Call.post(
                        "/api/models/{model}/sentences/batch",
                        "/api/models/" + b + "/sentences/batch",
                        "{\"sentences\":[{\"text\":\"Birds sing.\"},{\"text\":\"Is it so?\",\"textB\":\"Yes.\"}]}",
                        200),
                Call.post(
                        "/api/models/{model}/sentences/batch",
                        "/api/models/" + b + "/sentences/batch",
                        "{\"sentences\":[]}",
                        400),
                Call.post(
                        "/api/models/{model}/sentences/batch",
                        "/api/models/nope/sentences/batch",
                        "{\"sentences\":[{\"text\":\"Hi.\"}]}",
                        404),
                Call.post(
                        "/api/models/{model}/sentences/batch",
                        "/api/models/" + b + "/sentences/batch",
                        tooManySentences(),
                        413),
                Call.post(
                        "/api/heads/graph",
                        "/api/heads/graph",
                        "{\"models\":[\"" + a + "\",\"" + b + "\"],\"corpus\":\"fixture\"}",
                        200),
                Call.post("/api/heads/graph", "/api/heads/graph", "{\"models\":[\"nope\"]}", 404),
                Call.post("/api/heads/graph", "/api/heads/graph", "{\"models\":[]}", 400),
                Call.get("/api/heads/graph", "/api/heads/graph", 200),
                Call.get(ApiServer.SPEC_PATH, ApiServer.SPEC_PATH, 200),
                Call.get(ApiServer.DOCS_PATH, ApiServer.DOCS_PATH, 200),
                Call.get(ApiServer.DOCS_SCRIPT_PATH, ApiServer.DOCS_SCRIPT_PATH, 200)));
        // every named query, with a value for each parameter it declares
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "model",
                a,
                "modelA",
                a,
                "modelB",
                b,
                "corpus",
                "fixture",
                "label",
                "negation",
                "word",
                "not",
                "tau",
                "0.1",
                "share",
                "0.5",
                "limit",
                "5",
                "minCount",
                "1"));
        values.put("layer", "12");
        values.put("head", "0");
        for (JsonNode q : json(client.get("/api/queries"))) {
            List<String> params = new ArrayList<>();
            for (JsonNode p : q.get("parameters")) {
                String v = values.get(p.asText());
                if (v == null) throw new AssertionError("no test value for $" + p.asText() + " of " + q);
                params.add(p.asText() + "=" + v);
            }
            String url = "/api/queries/" + q.get("name").asText() + "?" + String.join("&", params);
            calls.add(Call.get("/api/queries/{name}", url, 200));
        }
        return calls;
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aClassifiersPredictionComesWithItsTokensTraceAndSentenceAndTheBaseHasNone() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            String sid = graph.sid(1);
            JsonNode tokens = json(client.get("/api/models/" + enc(CLASSIFIER) + "/sentences/" + sid + "/tokens"));
            JsonNode p = tokens.get("prediction");
            JsonNode trace = json(client.get("/api/models/" + enc(CLASSIFIER) + "/sentences/" + sid + "/trace"));
            assertEquals(p, trace.get("prediction"), "the same prediction with the tokens and the trace");
            var stored = new GraphReader(graph.connection)
                    .prediction(CLASSIFIER, sid)
                    .orElseThrow();
            assertEquals(stored.label(), p.get("label").asText());
            assertEquals(
                    stored.probabilities().keySet(),
                    toSet(p.get("probabilities").fieldNames()));
            assertEquals("negation", p.get("gold").asText());
            assertTrue(p.get("correct").isNull(), "the gold label is not one of the classifier's");
            List<String> marked = new ArrayList<>();
            tokens.get("tokens").forEach(t -> {
                if (t.get("marked").asBoolean()) marked.add(t.get("text").asText());
            });
            assertEquals(List.of("movie"), marked);
            JsonNode base = json(client.get("/api/models/" + FineTunedFixture.BASE + "/sentences/" + sid + "/tokens"));
            assertTrue(base.get("prediction").isNull());
            JsonNode sentence = json(client.get("/api/sentences/" + sid));
            assertEquals(1, sentence.get("predictions").size());
            assertEquals(
                    CLASSIFIER, sentence.get("predictions").get(0).get("model").asText());
            JsonNode model = json(client.get("/api/models/" + enc(CLASSIFIER)));
            assertEquals(
                    FineTunedFixture.BASE,
                    model.get("fineTunedFrom").get("model").asText());
            assertEquals(2, model.get("labels").size());
            assertTrue(json(client.get("/api/models/" + FineTunedFixture.BASE))
                    .get("labels")
                    .isNull());
        });
    }

    static java.util.Set<String> toSet(java.util.Iterator<String> names) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        names.forEachRemaining(out::add);
        return out;
    }

    static String tooManySentences() {
        List<Map<String, String>> many = new ArrayList<>();
        for (int i = 0; i <= ApiSettings.defaults().batchLimit(); i++) many.add(Map.of("text", "Sentence " + i + "."));
        return Json.write(Map.of("sentences", many));
    }

    static String contentType(Response r) {
        List<String> values = r.headers().get("Content-Type");
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static Response send(HttpClient client, Call c) {
        return c.method().equals("GET") ? client.get(c.url()) : client.post(c.url(), c.body());
    }

    @Test
    void everyRouteOfTheDocumentAnswersWhatItDeclaresForEachStatusCalled() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            OpenApiContract contract =
                    new OpenApiContract(client.get(ApiServer.SPEC_PATH).body().string());
            // ApiServer.start() would warm the database connection first; JavalinTest does not, and on a loaded
            // machine a cold first health check may answer "busy" (a declared 503) instead of 200
            for (int i = 0; i < 20 && client.get("/api/health").code() != 200; i++) Thread.sleep(250);
            List<String> violations = new ArrayList<>();
            TreeSet<String> called = new TreeSet<>();
            for (Call c : calls(client)) {
                Response r = send(client, c);
                String body = r.body().string();
                assertEquals(c.status(), r.code(), c + " answered " + body);
                called.add(c.key());
                violations.addAll(contract.violations(c.method(), c.template(), r.code(), contentType(r), body));
            }
            assertEquals(List.of(), violations, "responses that break /openapi.json");
            assertEquals(contract.operations(), called, "the calls cover every operation of the document");
        });
    }

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
            for (Call c : calls(client)) called.add(c.key());
            assertEquals(contract.operations(), called);
            called.remove("GET /api/models/{model}/heads/behaviour");
            assertTrue(!contract.operations().equals(called), "a route left out of the table is noticed");
        });
    }
}
