package io.attnflow.graph.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.compare.CompareResult;
import io.attnflow.core.compare.HeadComparison;
import io.attnflow.core.compare.HeadRef;
import io.attnflow.core.compare.LayerComparison;
import io.attnflow.core.compare.MatrixComparison;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.query.InvalidQueryException;
import io.attnflow.core.trace.InMemoryAttentionStore;
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

        // The Cypher side, computed by compare.cypher alone for this one sentence
        Map<String, Object> p = new HashMap<>(Map.of("modelA", ida, "modelB", idb, "sid", sid, "tau", tau));
        Map<String, Object> row = one(p);
        Map<String, Object> sentence = maps(row, "sentences").get(0);
        List<HeadRef> shared = refs(sentence, "sharedHeads"),
                onlyA = refs(sentence, "onlyAHeads"),
                onlyB = refs(sentence, "onlyBHeads");
        assertEquals(expected.sharedHeads(), shared, "shared heads");
        assertEquals(expected.onlyAHeads(), onlyA, "heads only in A's trace");
        assertEquals(expected.onlyBHeads(), onlyB, "heads only in B's trace");
        // ... and the heads of the Cypher traces themselves (trace.cypher), not the reference's
        assertEquals(traceHeads(ida, sid, tau), union(shared, onlyA), "heads of A's Cypher trace");
        assertEquals(traceHeads(idb, sid, tau), union(shared, onlyB), "heads of B's Cypher trace");
        assertEquals(expected.meanCosine(), d(sentence, "meanCosine"), 1e-6);
        assertEquals(expected.jaccard(), d(sentence, "jaccard"), 1e-9);

        List<HeadComparison> perHead = new ArrayList<>();
        for (Map<String, Object> r : maps(row, "heads")) {
            assertEquals(1, i(r, "sentences"));
            perHead.add(new HeadComparison(
                    i(r, "layer"),
                    i(r, "head"),
                    i(r, "shared"),
                    i(r, "onlyA"),
                    i(r, "onlyB"),
                    d(r, "jaccard"),
                    d(r, "cosine"),
                    d(r, "cosineBound"),
                    i(r, "inTraceA") == 1,
                    i(r, "inTraceB") == 1));
        }
        perHead.sort(Comparator.comparingInt(HeadComparison::layer).thenComparingInt(HeadComparison::head));
        assertSameHeads(expected.heads(), perHead);
        // the service against the Cypher file, not against the reference it is built from
        assertSameHeads(perHead, service.heads());

        List<Map<String, Object>> layers = maps(row, "layers");
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

    /** The one row of compare.cypher run with these parameters ($corpus and $limit null unless given). */
    static Map<String, Object> one(Map<String, Object> given) {
        Map<String, Object> p = new HashMap<>(given);
        p.putIfAbsent("sid", null);
        p.putIfAbsent("corpus", null);
        p.putIfAbsent("limit", null);
        List<Map<String, Object>> rows = QueryGraph.queries().run("compare", p).rows();
        assertEquals(1, rows.size(), "compare.cypher returns one row");
        return rows.get(0);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Map<String, Object> row, String column) {
        return (List<Map<String, Object>>) row.get(column);
    }

    @SuppressWarnings("unchecked")
    static List<HeadRef> refs(Map<String, Object> row, String column) {
        return ((List<List<Number>>) row.get(column))
                .stream()
                        .map(x -> new HeadRef(x.get(0).intValue(), x.get(1).intValue()))
                        .toList();
    }

    static int i(Map<String, Object> r, String k) {
        return ((Number) r.get(k)).intValue();
    }

    static double d(Map<String, Object> r, String k) {
        return ((Number) r.get(k)).doubleValue();
    }
}
