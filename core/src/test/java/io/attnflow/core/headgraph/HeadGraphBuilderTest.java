package io.attnflow.core.headgraph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.trace.InMemoryAttentionStore;
import io.attnflow.core.trace.StoredAttention;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadGraphBuilderTest {
    static final double FLOOR = 0.01;

    /** Random softmax rows, peaked so that some weights fall below the floor. */
    static AttentionTensor random(int layers, int heads, int n, Random rnd) {
        return new AttentionTensor(layers, heads, n, randomData(layers, heads, n, rnd));
    }

    static float[] randomData(int layers, int heads, int n, Random rnd) {
        float[] data = new float[layers * heads * n * n];
        for (int row = 0; row < layers * heads * n; row++) {
            double[] v = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) sum += v[j] = Math.exp(2 * rnd.nextGaussian());
            for (int j = 0; j < n; j++) data[row * n + j] = (float) (v[j] / sum);
        }
        return data;
    }

    static List<String> tokens(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) t.add(i == 0 ? "[CLS]" : i == n - 1 ? "[SEP]" : "w" + i);
        return t;
    }

    /** Clark et al.'s formula written out directly: smoothing, m, and both KL terms with their own logarithms. */
    static double independentJs(StoredAttention a, int la, int ha, StoredAttention b, int lb, int hb) {
        int n = a.n();
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double p = 0.001 / n + 0.999 * a.w(la, ha, i, j);
                double q = 0.001 / n + 0.999 * b.w(lb, hb, i, j);
                double m = (p + q) / 2;
                total += (-p * Math.log(m / p) - q * Math.log(m / q)) / 2;
            }
        }
        return total;
    }

    static double independentCosine(StoredAttention a, int la, int ha, StoredAttention b, int lb, int hb) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.n(); i++) {
            for (int j = 0; j < a.n(); j++) {
                double x = a.w(la, ha, i, j), y = b.w(lb, hb, i, j);
                dot += x * y;
                na += x * x;
                nb += y * y;
            }
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void jsDivergenceEqualsClarksFormulaOnRandomMatrices() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 3 + rnd.nextInt(20);
            StoredAttention a = StoredAttention.of(random(2, 3, n, rnd), FLOOR);
            StoredAttention b = StoredAttention.of(random(2, 3, n, rnd), FLOOR);
            int la = 1 + rnd.nextInt(2), ha = rnd.nextInt(3), lb = 1 + rnd.nextInt(2), hb = rnd.nextInt(3);
            double expected = independentJs(a, la, ha, b, lb, hb);
            assertEquals(expected, ClarkJs.divergence(a, la, ha, b, lb, hb), 1e-10 * Math.max(1, expected));
            assertEquals(0, ClarkJs.divergence(a, la, ha, a, la, ha), 1e-12);
        }
    }

    @Test
    void edgesCarryTheMeanOverCommonSentencesAcrossModels() {
        Random rnd = new Random(11);
        InMemoryAttentionStore store = new InMemoryAttentionStore();
        Map<String, List<String>> sids = new LinkedHashMap<>();
        sids.put("a", new ArrayList<>());
        sids.put("b", new ArrayList<>());
        for (int s = 0; s < 6; s++) {
            int n = 4 + rnd.nextInt(8);
            String sid = "s" + s;
            store.put("a", sid, tokens(n), StoredAttention.of(random(2, 2, n, rnd), FLOOR));
            sids.get("a").add(sid);
            if (s % 3 != 0) { // b holds 4 of the 6
                store.put("b", sid, tokens(n), StoredAttention.of(random(2, 2, n, rnd), FLOOR));
                sids.get("b").add(sid);
            }
        }
        HeadGraph g = HeadGraphBuilder.build(store, sids, 100, null); // k ≥ heads: every pair is an edge
        assertEquals(8, g.heads().size());
        assertEquals(8 * 7 / 2, g.edges().size());
        for (HeadGraph.Edge e : g.edges()) {
            List<String> common = new ArrayList<>(sids.get(e.from().model()));
            common.retainAll(sids.get(e.to().model()));
            double js = 0, cos = 0;
            for (String sid : common) {
                StoredAttention x = store.run(e.from().model(), sid).attention();
                StoredAttention y = store.run(e.to().model(), sid).attention();
                js += independentJs(x, e.from().layer(), e.from().head(), y, e.to().layer(), e.to().head());
                cos += independentCosine(x, e.from().layer(), e.from().head(), y, e.to().layer(), e.to().head());
            }
            assertEquals(common.size(), e.sentences(), e.toString());
            assertEquals(js / common.size(), e.js(), 1e-9);
            assertEquals(cos / common.size(), e.cosine(), 1e-9);
        }
    }

    @Test
    void aHeadsNearestNeighbourIsItsIdenticalTwin() {
        Random rnd = new Random(3);
        InMemoryAttentionStore store = new InMemoryAttentionStore();
        List<String> sids = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int n = 6 + s;
            float[] data = randomData(1, 4, n, rnd);
            System.arraycopy(data, 0, data, n * n, n * n); // head 1 = head 0
            store.put("m", "s" + s, tokens(n), StoredAttention.of(new AttentionTensor(1, 4, n, data), FLOOR));
            sids.add("s" + s);
        }
        HeadGraph g = HeadGraphBuilder.build(store, Map.of("m", sids), 1, null);
        HeadGraph.Edge twin = g.edges().stream()
                .filter(e -> e.from().head() == 0 && e.to().head() == 1)
                .findFirst()
                .orElseThrow();
        assertEquals(0, twin.js(), 1e-12);
        assertEquals(1, twin.cosine(), 1e-12);
    }

    @Test
    void modelsWithoutACommonSentenceAreRefusedInOneLine() {
        Random rnd = new Random(5);
        InMemoryAttentionStore store = new InMemoryAttentionStore()
                .put("a", "s1", tokens(4), StoredAttention.of(random(1, 1, 4, rnd), FLOOR))
                .put("b", "s2", tokens(4), StoredAttention.of(random(1, 1, 4, rnd), FLOOR));
        Map<String, List<String>> sids = new LinkedHashMap<>();
        sids.put("a", List.of("s1"));
        sids.put("b", List.of("s2"));
        var e = assertThrows(InvalidInputException.class, () -> HeadGraphBuilder.build(store, sids, 5, null));
        assertTrue(e.getMessage().contains("no sentence in common"), e.getMessage());
    }
}
