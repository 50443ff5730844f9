package io.attnflow.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Traces from the store are the traces of the full float32 tensors (rule w &gt; τ, computed here on the forward
 * pass's own weights) at every τ ≥ floor, on real bge-small-en-v1.5 output and on random graphs, at τ chosen next to
 * real weights (w ± 10⁻⁵); a τ with a weight within 10⁻⁶ of it is not the store's concern and is skipped. A store
 * written at the old scale 10⁴ is still read at its own scale, and refuses new sentences with the re-ingest command.
 */
class ExactTracesTest {
    static final double FLOOR = StoredWeights.DEFAULT_FLOOR;
    static Neo4j neo4j;
    static GraphConnection connection;
    static AttentionQueries queries;

    @BeforeAll
    static void start() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        queries = AttentionQueries.of(connection);
    }

    @AfterAll
    static void stop() {
        connection.close();
        neo4j.close();
    }

    @Test
    void realBgeSmallTracesEqualTheFullPrecisionTraces() {
        List<ForwardResult> results = new ArrayList<>();
        try (AttentionModel model = ModelCatalog.standard().open("bge-small-en-v1.5", LoadOptions.defaults())) {
            GraphWriter writer = new GraphWriter(connection, FLOOR);
            writer.ensureModel(model.info());
            for (String text : List.of(
                    "The movie was not good at all.",
                    "A man is playing a guitar while the children sing along in the park.")) {
                ForwardResult r = model.encode(SentenceInput.of(text));
                writer.write(SentenceMetrics.of(r));
                results.add(r);
            }
        }
        int checked = 0;
        for (ForwardResult r : results)
            checked += assertExactNearWeights(r.model().id(), r.input().id(), r.attention(), 40, 1);
        assertTrue(checked >= 60, "most τ next to real weights were checked: " + checked);
    }

    @Test
    void randomGraphTracesEqualTheFullPrecisionTraces() {
        ModelInfo info = model("exact-random", 3, 3);
        GraphWriter writer = new GraphWriter(connection, FLOOR);
        writer.ensureModel(info);
        int checked = 0;
        for (int s = 0; s < 6; s++) {
            SentenceInput input = SentenceInput.of("random sentence " + s);
            AttentionTensor a = softmax(s, 3, 3, 9);
            writer.write(SentenceMetrics.of(forward(info, input, a)));
            checked += assertExactNearWeights(info.id(), input.id(), a, 12, s);
        }
        assertTrue(checked >= 50, "most τ next to random weights were checked: " + checked);
    }

    @Test
    void aStoreWrittenAtTheOldScaleIsReadAtItsOwnAndRefusesNewSentences() {
        ModelInfo info = model("exact-legacy", 2, 2);
        new GraphWriter(connection, FLOOR, GraphWriter.DEFAULT_BATCH, StoredWeights.LEGACY_SCALE).ensureModel(info);
        SentenceInput input = SentenceInput.of("legacy sentence");
        AttentionTensor a = softmax(99, 2, 2, 7);
        new GraphWriter(connection, FLOOR, GraphWriter.DEFAULT_BATCH, StoredWeights.LEGACY_SCALE)
                .write(SentenceMetrics.of(forward(info, input, a)));
        StoredAttention legacy = StoredAttention.of(a, FLOOR, StoredWeights.LEGACY_SCALE);
        for (double tau : List.of(FLOOR, 0.05, 0.2)) {
            TraceRequest req = TraceRequest.fromCls(info.id(), input.id()).withTau(tau);
            TraceResult want = MatrixTrace.trace(legacy, texts(7), req, null);
            TraceResult got = queries.trace(req);
            assertEquals(keys(want.edges()), keys(got.edges()), "τ " + tau + " at the store's own scale");
            for (int k = 0; k < want.edges().size(); k++)
                assertEquals(want.edges().get(k).w(), got.edges().get(k).w(), 1e-12);
        }
        var e = assertThrows(InvalidInputException.class, () -> new GraphWriter(connection, FLOOR).ensureModel(info));
        assertTrue(
                e.getMessage().contains("scale 10000")
                        && e.getMessage().contains("attnflow ingest --model " + info.id()),
                e.getMessage());
    }

    /** Checks the store's trace at τ = w ± 10⁻⁵ for weights w of the floor trace; returns how many τ were checked. */
    static int assertExactNearWeights(String model, String sid, AttentionTensor a, int taus, long seed) {
        List<TraceResult.Edge> atFloor =
                queries.trace(TraceRequest.fromCls(model, sid).withTau(FLOOR)).edges();
        Random random = new Random(seed);
        int checked = 0;
        for (int k = 0; k < taus; k++) {
            TraceResult.Edge e = atFloor.get(random.nextInt(atFloor.size()));
            float w = a.weight(e.toLayer(), e.head(), e.toPos(), e.fromPos());
            double tau = w + (random.nextBoolean() ? 1e-5 : -1e-5);
            if (tau < FLOOR || tau > 1 || anyWithin(a, tau, 1e-6)) continue;
            Set<String> full = fullPrecisionTrace(a, tau);
            Set<String> stored = new TreeSet<>(keys(
                    queries.trace(TraceRequest.fromCls(model, sid).withTau(tau)).edges()));
            assertEquals(full, stored, "the trace at τ " + tau + " (next to w " + w + ")");
            checked++;
        }
        return checked;
    }

    /** The backward [CLS] trace of the full float32 weights, all heads: E_l = edges into S_l with w &gt; τ. */
    static Set<String> fullPrecisionTrace(AttentionTensor a, double tau) {
        Set<String> edges = new TreeSet<>();
        boolean[] frontier = new boolean[a.n()];
        frontier[0] = true;
        for (int l = a.layers(); l >= 1; l--) {
            boolean[] next = new boolean[a.n()];
            for (int i = 0; i < a.n(); i++) {
                if (!frontier[i]) continue;
                for (int h = 0; h < a.heads(); h++) {
                    for (int j = 0; j < a.n(); j++) {
                        if (a.weight(l, h, i, j) > tau) {
                            edges.add(l + ":" + h + ":" + i + ":" + j);
                            next[j] = true;
                        }
                    }
                }
            }
            frontier = next;
        }
        return edges;
    }

    static boolean anyWithin(AttentionTensor a, double tau, double eps) {
        for (int l = 1; l <= a.layers(); l++)
            for (int h = 0; h < a.heads(); h++)
                for (int i = 0; i < a.n(); i++)
                    for (float w : a.row(l, h, i)) if (Math.abs(w - tau) <= eps) return true;
        return false;
    }

    static List<String> keys(List<TraceResult.Edge> edges) {
        return edges.stream()
                .map(e -> e.toLayer() + ":" + e.head() + ":" + e.toPos() + ":" + e.fromPos())
                .sorted()
                .toList();
    }

    static ModelInfo model(String id, int layers, int heads) {
        return new ModelInfo(id, "synthetic " + id, "bert", layers, heads, 8, 100, 512, "test", "sha-" + id);
    }

    static AttentionTensor softmax(long seed, int layers, int heads, int n) {
        Random r = new Random(seed);
        float[] data = new float[layers * heads * n * n];
        for (int row = 0; row < layers * heads * n; row++) {
            double[] e = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) sum += e[j] = Math.exp(2 * r.nextGaussian());
            for (int j = 0; j < n; j++) data[row * n + j] = (float) (e[j] / sum);
        }
        return new AttentionTensor(layers, heads, n, data);
    }

    static List<String> texts(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) t.add(i == 0 ? "[CLS]" : i == n - 1 ? "[SEP]" : "w" + i);
        return t;
    }

    static ForwardResult forward(ModelInfo info, SentenceInput input, AttentionTensor a) {
        List<TokenInfo> tokens = new ArrayList<>();
        List<String> texts = texts(a.n());
        for (int i = 0; i < a.n(); i++) {
            boolean special = i == 0 || i == a.n() - 1;
            tokens.add(new TokenInfo(i, texts.get(i), special, false, special ? -1 : i, special ? -1 : i + 1, 0));
        }
        return new ForwardResult(info, input, tokens, a, new float[a.n()][0], null, List.of(), false);
    }
}
