package io.attnflow.app.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.compare.MatrixComparison;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.trace.InMemoryAttentionStore;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.query.RunInfo;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real model output (the two bundled bge-small models) ingested by the real GraphWriter into a real embedded store:
 * the Java API's reads (the kernel cursors of the full read, the frontier read of traces) give exactly what the
 * Cypher reads over Bolt give, and what the in-memory quantization of the same forward pass gives, for sentences up
 * to past 100 tokens (where a token can attend to nothing above the floor).
 */
class RealModelJavaApiReadsTest {
    static final String A = "bge-small-en-v1.5";
    static final String B = "bge-small-en";

    static GraphConnection connection;
    static AttentionQueries local, bolt;
    static final List<ForwardResult> resultsA = new ArrayList<>(), resultsB = new ArrayList<>();

    @BeforeAll
    static void ingest() throws Exception {
        Path dir = Files.createTempDirectory("attnflow-java-api-reads");
        connection = GraphConnection.open(new GraphSettings(dir.resolve("data"), 0, null, null, null, null));
        assertTrue(connection.localDatabase().isPresent(), "the embedded store is held by this JVM");
        local = AttentionQueries.of(connection);
        bolt = AttentionQueries.overBolt(connection);
        StringBuilder longText = new StringBuilder();
        for (int k = 0; longText.length() < 560; k++) {
            longText.append(k % 3 == 0 ? "The committee, which met on Tuesday, " : "said that the plan was sound ")
                    .append(k % 5 == 0 ? "and nobody objected; " : "but several members asked why. ");
        }
        List<SentenceInput> sentences = List.of(
                SentenceInput.of("The movie was not good at all."),
                SentenceInput.pair("A man is playing a guitar.", "Someone plays music."),
                SentenceInput.of(longText.toString()));
        ModelCatalog catalog = ModelCatalog.standard();
        for (var pair : List.of(Map.entry(A, resultsA), Map.entry(B, resultsB))) {
            try (AttentionModel model = catalog.open(pair.getKey(), LoadOptions.defaults())) {
                GraphWriter writer = new GraphWriter(connection, StoredWeights.DEFAULT_FLOOR);
                writer.ensureModel(model.info());
                for (SentenceInput s : sentences) {
                    ForwardResult r = model.encode(s);
                    writer.write(SentenceMetrics.of(r));
                    pair.getValue().add(r);
                }
            }
        }
        assertTrue(
                resultsA.get(2).n() > 100,
                "the long sentence has " + resultsA.get(2).n() + " tokens");
    }

    @AfterAll
    static void close() {
        connection.close();
    }

    static StoredAttention stored(ForwardResult r) {
        return StoredAttention.of(r.attention(), StoredWeights.DEFAULT_FLOOR);
    }

    static List<String> texts(ForwardResult r) {
        return r.tokens().stream().map(TokenInfo::text).toList();
    }

    @Test
    void theFullReadIsTheCypherReadAndTheQuantization() {
        for (List<ForwardResult> results : List.of(resultsA, resultsB)) {
            for (ForwardResult r : results) {
                String model = r.model().id(), sid = r.input().id();
                RunInfo info = local.runInfo(model, sid);
                StoredAttention want = stored(r), viaApi = local.storedAttention(info);
                StoredAttention viaCypher = bolt.storedAttention(bolt.runInfo(model, sid));
                for (int l = 1; l <= want.layers(); l++)
                    for (int h = 0; h < want.heads(); h++)
                        for (int i = 0; i < want.n(); i++) {
                            int[] w = new int[want.n()], a = new int[want.n()], c = new int[want.n()];
                            for (int j = 0; j < want.n(); j++) {
                                w[j] = want.q(l, h, i, j);
                                a[j] = viaApi.q(l, h, i, j);
                                c[j] = viaCypher.q(l, h, i, j);
                            }
                            String at = model + " " + sid + " " + l + ":" + h + " row " + i;
                            assertArrayEquals(w, a, "Java API, " + at);
                            assertArrayEquals(w, c, "Cypher, " + at);
                        }
            }
        }
    }

    @Test
    void comparisonsAreTheReferenceThroughBothReads() {
        for (int k = 0; k < resultsA.size(); k++) {
            ForwardResult a = resultsA.get(k), b = resultsB.get(k);
            String sid = a.input().id();
            InMemoryAttentionStore oracle = new InMemoryAttentionStore()
                    .put(A, sid, texts(a), stored(a))
                    .put(B, sid, texts(b), stored(b));
            for (double tau : new double[] {0.05, 0.1}) {
                var want = MatrixComparison.compare(oracle, A, B, sid, tau);
                assertEquals(want, local.compare(A, B, sid, tau), "Java API, " + sid + " τ " + tau);
                assertEquals(want, bolt.compare(A, B, sid, tau), "over Bolt, " + sid + " τ " + tau);
            }
        }
    }

    @Test
    void tracesThroughTheFrontierReadAreTheCypherTraces() {
        for (ForwardResult r : resultsA) {
            for (double tau : new double[] {0.05, 0.1, 0.3}) {
                TraceRequest req = TraceRequest.fromCls(A, r.input().id()).withTau(tau);
                TraceResult got = local.trace(req), want = bolt.trace(req);
                assertEquals(want.edges(), got.edges(), "edges at τ " + tau);
                assertEquals(want.nodes(), got.nodes(), "nodes at τ " + tau);
                assertArrayEquals(want.influence(), got.influence(), "influence at τ " + tau);
            }
        }
    }
}
