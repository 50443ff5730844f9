package io.attnflow.graph.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.compare.CompareResult;
import io.attnflow.core.compare.CorpusComparison;
import io.attnflow.core.compare.HeadChange;
import io.attnflow.core.compare.HeadComparison;
import io.attnflow.core.compare.HeadRef;
import io.attnflow.core.compare.LayerComparison;
import io.attnflow.core.compare.MatrixComparison;
import io.attnflow.core.compare.SentenceDifference;
import io.attnflow.core.heads.CorpusHeadImportance;
import io.attnflow.core.heads.HeadScore;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.query.InvalidQueryException;
import io.attnflow.core.trace.InMemoryAttentionStore;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.write.GraphWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The Cypher comparisons (T3) equal the in-memory reference, per sentence and over a small corpus. */
class CompareQueriesMatchReferenceTest {
    static final double FLOOR = 0.01;
    static final AtomicInteger IDS = new AtomicInteger();

    record Model(ModelInfo info, GraphWriter writer) {}

    static Model model(int layers, int heads) {
        ModelInfo info = Fixtures.model("c" + IDS.incrementAndGet(), layers, heads);
        GraphWriter writer = new GraphWriter(QueryGraph.connection(), FLOOR);
        writer.ensureModel(info);
        return new Model(info, writer);
    }

    static StoredAttention write(Model m, SentenceInput input, int n, long seed, double peaky) {
        AttentionTensor a = Fixtures.attention(seed, m.info().layers(), m.info().heads(), n, peaky);
        List<TokenInfo> tokens = Fixtures.tokens(n, 0);
        m.writer().write(SentenceMetrics.of(Fixtures.forward(m.info(), input, tokens, a)));
        return StoredAttention.of(a, FLOOR);
    }

    /** The oracle: the core comparison over the same matrices held in memory. */
    static CompareResult reference(String a, StoredAttention sa, String b, StoredAttention sb, String sid, double tau) {
        List<String> tokens = Fixtures.texts(Fixtures.tokens(sa.n(), 0));
        InMemoryAttentionStore store =
                new InMemoryAttentionStore().put(a, sid, tokens, sa).put(b, sid, tokens, sb);
        return MatrixComparison.compare(store, a, b, sid, tau);
    }

    @Property(tries = 12)
    void randomComparisonsEqualTheReference(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int layersA,
            @ForAll @IntRange(min = 1, max = 3) int layersB,
            @ForAll @IntRange(min = 1, max = 3) int heads,
            @ForAll @IntRange(min = 1, max = 8) int n,
            @ForAll @DoubleRange(min = 0, max = 1) double peaky,
            @ForAll @IntRange(min = 0, max = 2) int tauKind) {
        Model a = model(layersA, heads), b = model(layersB, heads + (int) (seed & 1));
        SentenceInput input = SentenceInput.of("compare " + IDS.incrementAndGet());
        StoredAttention sa = write(a, input, n, seed, peaky), sb = write(b, input, n, seed + 1, peaky);
        double tau = tauKind == 0 ? FLOOR : tauKind == 1 ? FLOOR + 1e-4 : 0.1;
        String ida = a.info().id(), idb = b.info().id(), sid = input.id();
        CompareResult expected = reference(ida, sa, idb, sb, sid, tau);

        CompareResult service = QueryGraph.queries().compare(ida, idb, sid, tau);
        assertSameComparison(expected, service);

        // The Cypher side, computed by the catalogue files alone: which heads each [CLS] trace uses
        // (compare_trace_heads), then each head's edge sets and cosine (compare_heads).
        Map<String, Object> p = new HashMap<>(Map.of("modelA", ida, "modelB", idb, "sid", sid, "tau", tau));
        List<HeadRef> shared = new ArrayList<>(), onlyA = new ArrayList<>(), onlyB = new ArrayList<>();
        for (Map<String, Object> r :
                QueryGraph.queries().run("compare_trace_heads", p).rows()) {
            HeadRef ref = new HeadRef(i(r, "layer"), i(r, "head"));
            switch ((String) r.get("status")) {
                case "shared" -> shared.add(ref);
                case "onlyA" -> onlyA.add(ref);
                default -> onlyB.add(ref);
            }
        }
        assertEquals(expected.sharedHeads(), shared, "shared heads");
        assertEquals(expected.onlyAHeads(), onlyA, "heads only in A's trace");
        assertEquals(expected.onlyBHeads(), onlyB, "heads only in B's trace");
        // ... and the heads of the Cypher traces themselves (trace_backward.cypher), not the reference's
        assertEquals(traceHeads(ida, sid, tau), union(shared, onlyA), "heads of A's Cypher trace");
        assertEquals(traceHeads(idb, sid, tau), union(shared, onlyB), "heads of B's Cypher trace");

        List<HeadComparison> perHead = new ArrayList<>();
        for (Map<String, Object> r :
                QueryGraph.queries().run("compare_heads", p).rows()) {
            HeadRef ref = new HeadRef(i(r, "layer"), i(r, "head"));
            perHead.add(new HeadComparison(
                    ref.layer(),
                    ref.head(),
                    i(r, "shared"),
                    i(r, "onlyA"),
                    i(r, "onlyB"),
                    d(r, "jaccard"),
                    d(r, "cosine"),
                    d(r, "cosineBound"),
                    shared.contains(ref) || onlyA.contains(ref),
                    shared.contains(ref) || onlyB.contains(ref)));
        }
        assertSameHeads(expected.heads(), perHead);
        // the service against the Cypher files, not against the reference it is built from
        assertSameHeads(perHead, service.heads());

        List<Map<String, Object>> layers =
                QueryGraph.queries().run("compare_layers", p).rows();
        assertEquals(expected.layers().size(), layers.size(), "layers");
        for (int k = 0; k < layers.size(); k++) {
            LayerComparison e = expected.layers().get(k);
            Map<String, Object> r = layers.get(k);
            assertEquals(e.layer(), i(r, "layer"));
            assertEquals(
                    List.of(e.shared(), e.onlyA(), e.onlyB(), e.sharedHeads(), e.onlyAHeads(), e.onlyBHeads()),
                    List.of(
                            i(r, "shared"),
                            i(r, "onlyA"),
                            i(r, "onlyB"),
                            i(r, "sharedHeads"),
                            i(r, "onlyAHeads"),
                            i(r, "onlyBHeads")),
                    "layer " + e.layer());
            assertEquals(e.jaccard(), d(r, "jaccard"), 1e-9);
            assertEquals(e.meanCosine(), d(r, "meanCosine"), 1e-6);
            assertEquals(e.maxCosineBound(), d(r, "maxCosineBound"), 1e-6);
        }

        assertEquals(
                MatrixComparison.edges(sa, sb, tau, null, null),
                QueryGraph.queries().compareEdges(ida, idb, sid, tau, null, null),
                "compare_edges");
        assertEquals(
                MatrixComparison.edges(sa, sb, tau, 1, 0),
                QueryGraph.queries().compareEdges(ida, idb, sid, tau, 1, 0),
                "compare_edges of head 1:0");
    }

    @Test
    void theCosineBoundHoldsForTheFullMatrices() {
        Model a = model(2, 2), b = model(2, 2);
        SentenceInput input = SentenceInput.of("bound check");
        int n = 12;
        AttentionTensor ta = Fixtures.attention(5, 2, 2, n, 0.2), tb = Fixtures.attention(6, 2, 2, n, 0.2);
        a.writer().write(SentenceMetrics.of(Fixtures.forward(a.info(), input, Fixtures.tokens(n, 0), ta)));
        b.writer().write(SentenceMetrics.of(Fixtures.forward(b.info(), input, Fixtures.tokens(n, 0), tb)));
        CompareResult r = QueryGraph.queries().compare(a.info().id(), b.info().id(), input.id(), 0.05);
        for (HeadComparison h : r.heads()) {
            double dot = 0, na = 0, nb = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double x = ta.weight(h.layer(), h.head(), i, j), y = tb.weight(h.layer(), h.head(), i, j);
                    dot += x * y;
                    na += x * x;
                    nb += y * y;
                }
            }
            double full = dot / Math.sqrt(na * nb);
            assertTrue(
                    Math.abs(full - h.cosine()) <= h.cosineBound(),
                    "head " + h.layer() + ":" + h.head() + " full " + full + " stored " + h.cosine() + " bound "
                            + h.cosineBound());
        }
    }

    @Test
    void corpusComparisonsAndCorpusHeadImportanceEqualTheReference() {
        Model a = model(2, 3), b = model(2, 3);
        String ida = a.info().id(), idb = b.info().id();
        double tau = 0.05;
        List<CompareResult> expected = new ArrayList<>();
        Map<String, String[]> texts = new HashMap<>();
        List<double[][]> importanceA = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            SentenceInput input = SentenceInput.of("corpus sentence " + s + " of " + ida);
            int n = 3 + 2 * s;
            StoredAttention sa = write(a, input, n, 100 + s, 0.5), sb = write(b, input, n, 200 + s, 0.5);
            expected.add(reference(ida, sa, idb, sb, input.id(), tau));
            texts.put(input.id(), new String[] {input.text(), null});
            importanceA.add(MatrixTrace.trace(
                            sa,
                            Fixtures.texts(Fixtures.tokens(n, 0)),
                            TraceRequest.fromCls(ida, input.id()).withTau(tau),
                            null)
                    .headImportance());
        }
        CorpusComparison want = CorpusComparison.of(ida, idb, tau, expected, texts);
        CorpusComparison got = QueryGraph.queries().compareCorpus(ida, idb, tau, null);
        assertEquals(want.sentences(), got.sentences());
        assertEquals(
                want.differing().stream().map(SentenceDifference::sid).toList(),
                got.differing().stream().map(SentenceDifference::sid).toList());

        Map<String, Object> p = new HashMap<>(Map.of("modelA", ida, "modelB", idb, "tau", tau, "limit", 1000));
        p.put("corpus", null);
        List<Map<String, Object>> heads =
                QueryGraph.queries().run("corpus_heads_changed", p).rows();
        assertEquals(want.heads().size(), heads.size());
        for (int k = 0; k < heads.size(); k++) {
            HeadChange e = want.heads().get(k);
            Map<String, Object> r = heads.get(k);
            assertEquals(
                    List.of(e.layer(), e.head(), e.sharedIn(), e.sentences()),
                    List.of(i(r, "layer"), i(r, "head"), i(r, "sharedIn"), i(r, "sentences")));
            assertEquals(e.meanCosine(), d(r, "meanCosine"), 1e-6);
            assertEquals(e.meanJaccard(), d(r, "meanJaccard"), 1e-6);
        }
        List<Map<String, Object>> sentences =
                QueryGraph.queries().run("corpus_sentences_differ", p).rows();
        assertEquals(want.differing().size(), sentences.size());
        for (int k = 0; k < sentences.size(); k++) {
            SentenceDifference e = want.differing().get(k);
            assertEquals(e.sid(), sentences.get(k).get("sid"));
            assertEquals(e.meanCosine(), d(sentences.get(k), "meanCosine"), 1e-6);
            assertEquals(e.jaccard(), d(sentences.get(k), "jaccard"), 1e-9);
        }

        CorpusHeadImportance wantImportance = CorpusHeadImportance.of(ida, tau, importanceA, 2, 3);
        CorpusHeadImportance gotImportance = QueryGraph.queries().headImportance(ida, tau, null);
        assertEquals(wantImportance.sentences(), gotImportance.sentences());
        for (int k = 0; k < wantImportance.heads().size(); k++) {
            HeadScore e = wantImportance.heads().get(k),
                    g = gotImportance.heads().get(k);
            assertEquals(List.of(e.layer(), e.head(), e.sentences()), List.of(g.layer(), g.head(), g.sentences()));
            assertEquals(e.mean(), g.mean(), 1e-6);
        }
    }

    @Test
    void modelsThatTokenizeDifferentlyCannotBeCompared() {
        Model a = model(1, 1), b = model(1, 1);
        SentenceInput input = SentenceInput.of("different lengths");
        write(a, input, 4, 1, 0.5);
        write(b, input, 5, 2, 0.5);
        var e = assertThrows(InvalidQueryException.class, () -> QueryGraph.queries()
                .compare(a.info().id(), b.info().id(), input.id(), 0.1));
        assertTrue(e.getMessage().contains("tokenizer"), e.getMessage());
    }

    static void assertSameComparison(CompareResult expected, CompareResult actual) {
        assertSameHeads(expected.heads(), actual.heads());
        assertEquals(expected.sharedHeads(), actual.sharedHeads());
        assertEquals(expected.onlyAHeads(), actual.onlyAHeads());
        assertEquals(expected.onlyBHeads(), actual.onlyBHeads());
        assertEquals(expected.layers().size(), actual.layers().size());
        assertEquals(expected.jaccard(), actual.jaccard(), 1e-9);
        assertEquals(expected.meanCosine(), actual.meanCosine(), 1e-6);
    }

    static void assertSameHeads(List<HeadComparison> expected, List<HeadComparison> actual) {
        assertEquals(expected.size(), actual.size(), "heads");
        for (int k = 0; k < expected.size(); k++) {
            HeadComparison e = expected.get(k), g = actual.get(k);
            String at = "head " + e.layer() + ":" + e.head();
            assertEquals(
                    List.of(e.layer(), e.head(), e.shared(), e.onlyA(), e.onlyB(), e.inTraceA(), e.inTraceB()),
                    List.of(g.layer(), g.head(), g.shared(), g.onlyA(), g.onlyB(), g.inTraceA(), g.inTraceB()),
                    at);
            assertEquals(e.jaccard(), g.jaccard(), 1e-9, at);
            assertEquals(e.cosine(), g.cosine(), 1e-6, at);
            assertEquals(e.cosineBound(), g.cosineBound(), 1e-6, at);
        }
    }

    /** The heads (layer, head) that the Cypher backward [CLS] trace of a model uses, in (layer, head) order. */
    static Set<HeadRef> traceHeads(String model, String sid, double tau) {
        Set<HeadRef> heads = new TreeSet<>(HEAD_ORDER);
        for (TraceResult.Edge e : QueryGraph.queries()
                .trace(TraceRequest.fromCls(model, sid).withTau(tau))
                .edges()) heads.add(new HeadRef(e.toLayer(), e.head()));
        return heads;
    }

    static Set<HeadRef> union(List<HeadRef> a, List<HeadRef> b) {
        Set<HeadRef> u = new TreeSet<>(HEAD_ORDER);
        u.addAll(a);
        u.addAll(b);
        return u;
    }

    static final Comparator<HeadRef> HEAD_ORDER =
            Comparator.comparingInt(HeadRef::layer).thenComparingInt(HeadRef::head);

    static int i(Map<String, Object> r, String k) {
        return ((Number) r.get(k)).intValue();
    }

    static double d(Map<String, Object> r, String k) {
        return ((Number) r.get(k)).doubleValue();
    }
}
