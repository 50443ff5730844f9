package io.attnflow.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.AttentionFlow.Solver;
import io.attnflow.core.model.AttentionTensor;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Attention flow (max-flow) against a max-flow written here from scratch (Edmonds–Karp on an adjacency matrix, with
 * the capacities taken straight from the definition), plus invariants derived from the definition.
 */
class AttentionFlowTest {

    @Property(tries = 60)
    void everySolverAgreesWithAnIndependentEdmondsKarp(
            @ForAll @IntRange(min = 1, max = 4) int layers,
            @ForAll @IntRange(min = 1, max = 3) int heads,
            @ForAll @IntRange(min = 1, max = 8) int n,
            @ForAll @IntRange(min = 0, max = 7) int outputPick,
            @ForAll long seed) {
        AttentionTensor a = RolloutTest.randomAttention(layers, heads, n, new Random(seed));
        int output = outputPick % n;
        double[] expected = matrixEdmondsKarpFlows(a, output);
        double sum = Arrays.stream(expected).sum();
        for (Solver solver : Solver.values()) {
            double[] raw = AttentionFlow.maxFlows(a, output, solver);
            assertArrayEquals(expected, raw, 1e-9, solver + " raw max-flows");
            double[] row = AttentionFlow.row(a, output, solver);
            for (int j = 0; j < n; j++) {
                assertEquals(expected[j] / sum, row[j], 1e-9, solver + " normalised flow of token " + j);
            }
        }
    }

    @Property(tries = 40)
    void theFlowIsNonNegativeAndSumsToOne(
            @ForAll @IntRange(min = 1, max = 5) int layers,
            @ForAll @IntRange(min = 1, max = 4) int heads,
            @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll long seed) {
        double[] cls = AttentionFlow.clsRow(RolloutTest.randomAttention(layers, heads, n, new Random(seed)));
        assertEquals(n, cls.length);
        double sum = 0;
        for (double v : cls) {
            assertTrue(v >= 0 && Double.isFinite(v), "flow " + v);
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
    }

    /**
     * When every head attends only to itself, A = I, so Â_l = (I + I)/2 = I: the only edges are (i@l) → (i@l-1)
     * with capacity 1. The only path from (o@L) reaches (o@0), carrying 1, and every other input token is
     * unreachable, so the normalised flow is 1 at o and 0 elsewhere.
     */
    @Property(tries = 20)
    void selfAttentionSendsAllTheFlowToTheOutputTokenItself(
            @ForAll @IntRange(min = 1, max = 5) int layers,
            @ForAll @IntRange(min = 1, max = 3) int heads,
            @ForAll @IntRange(min = 1, max = 10) int n,
            @ForAll @IntRange(min = 0, max = 9) int outputPick) {
        float[] data = new float[layers * heads * n * n];
        for (int row = 0; row < layers * heads * n; row++) data[row * n + row % n] = 1;
        int output = outputPick % n;
        for (Solver solver : Solver.values()) {
            double[] flow = AttentionFlow.row(new AttentionTensor(layers, heads, n, data), output, solver);
            double[] expected = new double[n];
            expected[output] = 1;
            assertArrayEquals(expected, flow, 0, solver.name());
        }
    }

    /**
     * With one layer, every path from (o@1) to (j@0) is the single edge of capacity Â_1[o, j], so the max-flow is
     * that capacity, and the normalised flow equals the one-layer rollout row (which sums to 1 up to float error).
     */
    @Property(tries = 30)
    void oneLayerFlowIsTheOneLayerRollout(
            @ForAll @IntRange(min = 1, max = 4) int heads,
            @ForAll @IntRange(min = 1, max = 12) int n,
            @ForAll long seed) {
        AttentionTensor a = RolloutTest.randomAttention(1, heads, n, new Random(seed));
        assertArrayEquals(Rollout.of(a).clsRow(), AttentionFlow.clsRow(a), 1e-6);
    }

    /**
     * Two tokens. Layer 1: both attend to token 0, so Â_1 = [[1, 0], [.5, .5]]. Layer 2: both attend to token 1,
     * so Â_2[0] = [.5, .5]. From (0@2): to (0@0) the paths via (0@1) (min(.5, 1)) and via (1@1) (min(.5, .5)) share
     * no edge, so the flow is 1; to (1@0) the only path is via (1@1), min(.5, .5) = .5. Normalised: [2/3, 1/3]
     * (rollout gives [.75, .25]).
     */
    @Test
    void aHandWorkedTwoLayerExample() {
        AttentionTensor a = AttentionTensor.of(new float[][][][] {{{{1, 0}, {1, 0}}}, {{{0, 1}, {0, 1}}}});
        for (Solver solver : Solver.values()) {
            assertArrayEquals(new double[] {1, 0.5}, AttentionFlow.maxFlows(a, 0, solver), 1e-12);
            assertArrayEquals(new double[] {2 / 3.0, 1 / 3.0}, AttentionFlow.row(a, 0, solver), 1e-12);
        }
    }

    @Test
    void anOutputOutsideTheSentenceIsRefused() {
        AttentionTensor a = RolloutTest.randomAttention(1, 1, 3, new Random(1));
        var e = assertThrows(IllegalArgumentException.class, () -> AttentionFlow.row(a, 3, Solver.DINIC));
        assertEquals("output token must be in 0..2, was 3", e.getMessage());
    }

    /**
     * The reference: capacities from the definition ((mean_h A + I), rows divided by their sum) in a dense
     * (L+1)n × (L+1)n matrix, node l·n + i, and a textbook Edmonds–Karp (BFS shortest augmenting paths) per sink.
     */
    static double[] matrixEdmondsKarpFlows(AttentionTensor a, int output) {
        int n = a.n(), layers = a.layers(), size = (layers + 1) * n;
        double[][] cap = new double[size][size];
        for (int l = 1; l <= layers; l++) {
            for (int i = 0; i < n; i++) {
                double[] row = new double[n];
                double rowSum = 0;
                for (int j = 0; j < n; j++) {
                    for (int h = 0; h < a.heads(); h++) row[j] += a.weight(l, h, i, j);
                    row[j] = row[j] / a.heads() + (i == j ? 1 : 0);
                    rowSum += row[j];
                }
                for (int j = 0; j < n; j++) cap[l * n + i][(l - 1) * n + j] = row[j] / rowSum;
            }
        }
        double[] flows = new double[n];
        for (int j = 0; j < n; j++) flows[j] = edmondsKarp(cap, layers * n + output, j);
        return flows;
    }

    private static double edmondsKarp(double[][] capacity, int s, int t) {
        int size = capacity.length;
        double[][] residual = new double[size][];
        for (int u = 0; u < size; u++) residual[u] = capacity[u].clone();
        double total = 0;
        while (true) {
            int[] parent = new int[size];
            Arrays.fill(parent, -1);
            parent[s] = s;
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            queue.add(s);
            while (!queue.isEmpty() && parent[t] < 0) {
                int u = queue.poll();
                for (int v = 0; v < size; v++) {
                    if (parent[v] < 0 && residual[u][v] > 0) {
                        parent[v] = u;
                        queue.add(v);
                    }
                }
            }
            if (parent[t] < 0) return total;
            double bottleneck = Double.POSITIVE_INFINITY;
            for (int v = t; v != s; v = parent[v]) bottleneck = Math.min(bottleneck, residual[parent[v]][v]);
            for (int v = t; v != s; v = parent[v]) {
                residual[parent[v]][v] -= bottleneck;
                residual[v][parent[v]] += bottleneck;
            }
            total += bottleneck;
        }
    }
}
