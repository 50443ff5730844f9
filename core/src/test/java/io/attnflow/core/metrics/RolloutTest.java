package io.attnflow.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.attnflow.core.model.AttentionTensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RolloutTest {

    @Test
    void oneLayerRolloutIsHalfTheHeadMeanPlusHalfTheIdentity() {
        // Two heads on two tokens: head 0 swaps, head 1 looks at itself.
        AttentionTensor a = AttentionTensor.of(new float[][][][] {{{{0, 1}, {1, 0}}, {{1, 0}, {0, 1}}}});
        double[][] r = Rollout.of(a).matrix();
        // mean_h A = [[.5,.5],[.5,.5]]; 0.5·that + 0.5·I = [[.75,.25],[.25,.75]]
        assertArrayEquals(new double[] {0.75, 0.25}, r[0], 1e-12);
        assertArrayEquals(new double[] {0.25, 0.75}, r[1], 1e-12);
    }

    @Test
    void layersComposeWithTheLaterLayerOnTheLeft() {
        // Layer 1: token 1 attends to token 0 only; token 0 to itself. Layer 2: token 0 attends to token 1 only.
        AttentionTensor a = AttentionTensor.of(new float[][][][] {{{{1, 0}, {1, 0}}}, {{{0, 1}, {0, 1}}}});
        // Â1 = [[1,0],[.5,.5]], Â2 = [[.5,.5],[0,1]]; R2 = Â2·Â1 = [[.75,.25],[.5,.5]]
        double[] cls = Rollout.of(a).clsRow();
        assertArrayEquals(new double[] {0.75, 0.25}, cls, 1e-12);
        assertArrayEquals(new double[] {0.5, 0.5}, Rollout.of(a).row(1), 1e-12);
        assertArrayEquals(new double[] {1, 0}, Rollout.upTo(a, 1).clsRow(), 1e-12);
    }

    @Property(tries = 50)
    void everyRowOfTheRolloutSumsToOneForStochasticAttention(
            @ForAll @IntRange(min = 1, max = 4) int layers,
            @ForAll @IntRange(min = 1, max = 3) int heads,
            @ForAll @IntRange(min = 1, max = 9) int n,
            @ForAll long seed) {
        Rollout r = Rollout.of(randomAttention(layers, heads, n, new Random(seed)));
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (double v : r.row(i)) sum += v;
            assertEquals(1.0, sum, 1e-6, "row " + i); // the inputs are float rows
        }
    }

    @Property(tries = 30)
    void eachLayerMultipliesThePreviousRolloutFromTheLeft(
            @ForAll @IntRange(min = 2, max = 4) int layers,
            @ForAll @IntRange(min = 1, max = 7) int n,
            @ForAll long seed) {
        AttentionTensor a = randomAttention(layers, 2, n, new Random(seed));
        for (int l = 2; l <= layers; l++) {
            double[][] prev = Rollout.upTo(a, l - 1).matrix();
            double[][] hat = Rollout.augmented(a, l);
            double[][] got = Rollout.upTo(a, l).matrix();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double expected = 0;
                    for (int k = 0; k < n; k++) expected += hat[i][k] * prev[k][j];
                    assertEquals(expected, got[i][j], 1e-12);
                }
            }
        }
    }

    static AttentionTensor randomAttention(int layers, int heads, int n, Random rnd) {
        float[] data = new float[layers * heads * n * n];
        for (int row = 0; row < layers * heads * n; row++) {
            double sum = 0;
            double[] v = new double[n];
            for (int j = 0; j < n; j++) {
                v[j] = Math.exp(3 * rnd.nextGaussian());
                sum += v[j];
            }
            for (int j = 0; j < n; j++) data[row * n + j] = (float) (v[j] / sum);
        }
        return new AttentionTensor(layers, heads, n, data);
    }
}
