package io.attnflow.app.api;

import static io.attnflow.app.api.ContractCalls.calls;
import static io.attnflow.app.api.ContractCalls.contentType;
import static io.attnflow.app.api.ContractCalls.enc;
import static io.attnflow.app.api.ContractCalls.send;
import static io.attnflow.app.api.StoredDataEndpointsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.ApiServer;
import io.attnflow.app.IngestPipeline;
import io.attnflow.app.api.ContractCalls.Call;
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
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API contract checked against reality: every route of the served {@code /openapi.json} is called over really
 * ingested sentences, with valid parameters and with the cheap documented failures (400, 401, 403, 404, 413), and
 * each real answer is validated against the schema the document declares for that route, status and media type.
 * The table of calls ({@link ContractCalls}) must cover every operation of the document, so a new route fails here
 * until it is called; {@link OpenApiContractTest} checks the 401 and that the validator itself catches violations.
 */
class ApiContractTest extends IngestedGraphTest {
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

    @Test
    void theTraceAsColumnsIsTheTraceEdgeForEdgeBitForBit() {
        JavalinTest.test(graph.server().app(), (s, client) -> {
            String at = "/api/models/" + ApiTestGraph.A + "/sentences/" + graph.sid(0);
            String q = "?tau=0.05&direction=backward";
            JsonNode trace = json(client.get(at + "/trace" + q));
            JsonNode cols = json(client.get(at + "/trace/columns" + q));
            JsonNode c = cols.get("edges");
            JsonNode edges = trace.get("edges");
            assertTrue(edges.size() > 100, "a trace of some size");
            assertEquals(edges.size(), c.get("count").asInt());
            double scale = c.get("scale").asDouble();
            for (int k = 0; k < edges.size(); k++) {
                JsonNode e = edges.get(k);
                assertEquals(e.get("toLayer").asInt(), c.get("toLayer").get(k).asInt());
                assertEquals(e.get("fromLayer").asInt(), c.get("toLayer").get(k).asInt() - 1);
                assertEquals(e.get("toPos").asInt(), c.get("toPos").get(k).asInt());
                assertEquals(e.get("fromPos").asInt(), c.get("fromPos").get(k).asInt());
                assertEquals(e.get("head").asInt(), c.get("head").get(k).asInt());
                assertEquals(e.get("w").asDouble(), c.get("q").get(k).asInt() / scale, 0.0, "w = q / scale exactly");
            }
            for (String f : List.of("nodes", "influence", "headImportance", "rollout", "attentionFlow", "prediction"))
                assertEquals(trace.get(f), cols.get(f), f);
        });
    }

    static java.util.Set<String> toSet(java.util.Iterator<String> names) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        names.forEachRemaining(out::add);
        return out;
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
            for (Call c : calls(graph, client)) {
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
}
