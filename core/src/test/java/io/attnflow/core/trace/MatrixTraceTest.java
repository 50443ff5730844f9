package io.attnflow.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.query.InvalidQueryException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MatrixTraceTest {

    /** Softmax rows of random logits; sharp rows are peaky, others flat. */
    static AttentionTensor randomTensor(long seed, int layers, int heads, int n) {
        Random r = new Random(seed);
        float[] data = new float[layers * heads * n * n];
        for (int row = 0; row < layers * heads * n; row++) {
            double sharp = r.nextBoolean() ? 8 : 0.5;
            double[] e = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) sum += e[j] = Math.exp(sharp * r.nextGaussian());
            for (int j = 0; j < n; j++) data[row * n + j] = (float) (e[j] / sum);
        }
        return new AttentionTensor(layers, heads, n, data);
    }

    static List<String> tokens(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) t.add(i == 0 ? "[CLS]" : "w" + i);
        return t;
    }

    /** An edge is in a backward trace iff a chain of edges above τ leads from a start node down to it. */
    @Property(tries = 60)
    void backwardEdgesAreExactlyThoseReachableFromTheStartByChainsAboveTau(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int layers,
            @ForAll @IntRange(min = 1, max = 3) int heads,
            @ForAll @IntRange(min = 1, max = 7) int n,
            @ForAll @IntRange(min = 1, max = 30) int tauPercent) {
        StoredAttention a = StoredAttention.of(randomTensor(seed, layers, heads, n), 0.01);
        double tau = tauPercent / 100.0;
        TraceResult t = MatrixTrace.trace(a, tokens(n), request(Direction.BACKWARD, tau, null, List.of()), null);

        Set<String> expected = new HashSet<>();
        for (int l = layers; l >= 1; l--) {
            for (int i = 0; i < n; i++) {
                if (!reachesDown(a, tau, l, i, layers, 0)) continue;
                for (int h = 0; h < heads; h++) {
                    for (int j = 0; j < n; j++) {
                        if (a.exceeds(l, h, i, j, tau)) expected.add(l + ":" + h + ":" + i + ":" + j);
                    }
                }
            }
        }
        Set<String> actual = new HashSet<>();
        for (TraceResult.Edge e : t.edges())
            actual.add(e.toLayer() + ":" + e.head() + ":" + e.toPos() + ":" + e.fromPos());
        assertEquals(expected, actual);
    }

    /** Is (i @ l) reachable from [CLS] @ top by a downward chain of edges above τ? */
    private static boolean reachesDown(StoredAttention a, double tau, int l, int i, int top, int start) {
        if (l == top) return i == start;
        for (int h = 0; h < a.heads(); h++) {
            for (int k = 0; k < a.n(); k++) {
                if (a.exceeds(l + 1, h, k, i, tau) && reachesDown(a, tau, l + 1, k, top, start)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Each layer's flow is the previous layer's times the kept attention mass averaged over the heads: never more. */
    @Property(tries = 60)
    void flowNeverGrowsFromOneLayerToTheNextAndInfluenceCountsEveryEdgeEnd(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int layers,
            @ForAll @IntRange(min = 1, max = 3) int heads,
            @ForAll @IntRange(min = 1, max = 7) int n) {
        StoredAttention a = StoredAttention.of(randomTensor(seed, layers, heads, n), 0.01);
        TraceResult t = MatrixTrace.trace(a, tokens(n), request(Direction.BACKWARD, 0.01, null, List.of()), null);
        double above = 1.0;
        for (int l = layers; l >= 0; l--) {
            int layer = l;
            double sum = t.nodes().stream()
                    .filter(x -> x.layer() == layer)
                    .mapToDouble(TraceResult.Node::value)
                    .sum();
            // quantized rows may sum to 1 + n·0.5e-4 (each stored weight rounds by up to half a step)
            assertTrue(sum <= above * (1 + n * 0.5e-4) + 1e-9, "layer " + l + " flow " + sum + " > " + above);
            above = sum;
        }
        double influence = 0;
        for (double v : t.influence()) influence += v;
        double expected = 0;
        for (TraceResult.Edge e : t.edges()) {
            expected += Math.pow(0.5, layers - e.toLayer()) + Math.pow(0.5, layers - e.fromLayer());
        }
        assertEquals(expected, influence, 1e-9);
    }

    @Test
    void aThresholdAboveEveryWeightLeavesOnlyTheClsNode() {
        StoredAttention a = StoredAttention.of(randomTensor(7, 3, 2, 5), 0.01);
        TraceResult t = MatrixTrace.trace(a, tokens(5), request(Direction.BACKWARD, 1.0, null, List.of()), null);
        assertEquals(List.of(new TraceResult.Node(3, 0, "[CLS]", 1.0)), t.nodes());
        assertTrue(t.edges().isEmpty());
    }

    @Test
    void aForwardTraceFromAMiddleTokenOnlyUsesEdgesLeavingItsFrontier() {
        StoredAttention a = StoredAttention.of(randomTensor(11, 4, 3, 6), 0.01);
        TraceResult t = MatrixTrace.trace(a, tokens(6), request(Direction.FORWARD, 0.05, 1, List.of(3)), null);
        assertTrue(t.nodes().stream().noneMatch(x -> x.layer() < 1));
        for (TraceResult.Edge e : t.edges()) {
            assertTrue(t.nodes().stream().anyMatch(x -> x.layer() == e.fromLayer() && x.pos() == e.fromPos()));
            assertTrue(a.exceeds(e.toLayer(), e.head(), e.toPos(), e.fromPos(), 0.05));
        }
    }

    @Test
    void excludedHeadsCarryNoEdgesAndFlowIsDividedBySelectedHeadCount() {
        StoredAttention a = StoredAttention.of(randomTensor(5, 2, 4, 4), 0.01);
        var req =
                new TraceRequest("m", "s", Direction.BACKWARD, 0.01, null, null, List.of(), Map.of(2, Set.of(1)), 0.5);
        TraceResult t = MatrixTrace.trace(a, tokens(4), req, null);
        assertTrue(t.edges().stream().filter(e -> e.toLayer() == 2).allMatch(e -> e.head() == 1));
        double layer1 = t.nodes().stream()
                .filter(x -> x.layer() == 1)
                .mapToDouble(TraceResult.Node::value)
                .sum();
        double keptMass = t.edges().stream()
                .filter(e -> e.toLayer() == 2)
                .mapToDouble(TraceResult.Edge::w)
                .sum();
        assertEquals(keptMass, layer1, 1e-12);
    }

    @Test
    void tauBelowTheFloorIsRejectedWithTheFloorInTheMessage() {
        StoredAttention a = StoredAttention.of(randomTensor(1, 1, 1, 3), 0.02);
        var e = assertThrows(
                InvalidQueryException.class,
                () -> MatrixTrace.trace(a, tokens(3), request(Direction.BACKWARD, 0.01, null, List.of()), null));
        assertTrue(e.getMessage().contains("0.02"), e.getMessage());
    }

    static TraceRequest request(Direction d, double tau, Integer from, List<Integer> tokens) {
        return new TraceRequest("m", "s", d, tau, from, null, tokens, Map.of(), 0.5);
    }
}
