package io.attnflow.core.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The comparison's one-pass sums and its trace heads are, to the last bit, those of the dense definitions: the three
 * sums and the error of {@link HeadCosine} as full (i, j) loops over both matrices, and the heads of the full traces
 * with their node values ({@link MatrixTrace#trace}).
 */
class MatrixComparisonDenseTest {
    @Property(tries = 60)
    void theOnePassCosineAndTraceHeadsAreTheDenseOnes(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 3) int layers,
            @ForAll @IntRange(min = 1, max = 3) int heads,
            @ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll @DoubleRange(min = 0.01, max = 0.5) double tau) {
        StoredAttention a = StoredAttention.of(tensor(seed, layers, heads, n), 0.01);
        StoredAttention b = StoredAttention.of(tensor(seed + 1, layers, heads, n), 0.01);
        for (int l = 1; l <= layers; l++) {
            for (int h = 0; h < heads; h++) {
                HeadCosine.Result got = HeadCosine.of(a, b, l, h);
                double[] want = dense(a, b, l, h);
                assertEquals(want[0], got.cosine(), 0, "cosine of " + l + ":" + h);
                assertEquals(want[1], got.bound(), 0, "bound of " + l + ":" + h);
            }
        }
        for (StoredAttention x : List.of(a, b)) {
            TraceResult full = MatrixTrace.trace(
                    x, tokens(n), TraceRequest.fromCls("m", "s").withTau(tau), null);
            boolean[][] used = new boolean[layers][heads];
            for (TraceResult.Edge e : full.edges()) used[e.toLayer() - 1][e.head()] = true;
            boolean[][] got = MatrixComparison.traceHeads(x, "m", "s", tau);
            for (int l = 0; l < layers; l++) assertArrayEquals(used[l], got[l], "trace heads of layer " + (l + 1));
        }
    }

    /** The cosine and its bound as the definitions write them: dense loops, the error model by model. */
    private static double[] dense(StoredAttention a, StoredAttention b, int layer, int head) {
        int n = a.n();
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = a.w(layer, head, i, j), y = b.w(layer, head, i, j);
                dot += x * y;
                na += x * x;
                nb += y * y;
            }
        }
        double cosine = na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
        double bound = Math.min(
                1, HeadCosine.angleBound(error(a, layer, head), na) + HeadCosine.angleBound(error(b, layer, head), nb));
        return new double[] {cosine, bound};
    }

    private static double error(StoredAttention a, int layer, int head) {
        double eps2 = 0;
        for (int i = 0; i < a.n(); i++) {
            double kept = 0;
            int count = 0;
            for (int j = 0; j < a.n(); j++) {
                int q = a.q(layer, head, i, j);
                if (q > 0) {
                    kept += StoredWeights.dequantize(q, a.scale());
                    count++;
                }
            }
            eps2 += HeadCosine.rowError(a.floor(), kept, count, a.scale());
        }
        return eps2;
    }

    /** Softmax rows of random logits: peaky, flat, and almost uniform. */
    private static AttentionTensor tensor(long seed, int layers, int heads, int n) {
        Random r = new Random(seed);
        float[] data = new float[layers * heads * n * n];
        for (int row = 0; row < layers * heads * n; row++) {
            double sharp = r.nextInt(3) == 0 ? 0.01 : r.nextBoolean() ? 8 : 0.5;
            double[] e = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) sum += e[j] = Math.exp(sharp * r.nextGaussian());
            for (int j = 0; j < n; j++) data[row * n + j] = (float) (e[j] / sum);
        }
        return new AttentionTensor(layers, heads, n, data);
    }

    private static List<String> tokens(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) t.add(i == 0 ? "[CLS]" : "w" + i);
        return t;
    }
}
