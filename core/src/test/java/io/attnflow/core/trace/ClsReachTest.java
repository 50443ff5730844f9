package io.attnflow.core.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class ClsReachTest {
    private static final double FLOOR = 0.01;

    /**
     * At every τ next to a stored weight (q and q ± 1, over scale), the tokens with reach &gt; τ·scale are the trace's
     * nodes and the heads with reach &gt; τ·scale are the heads of its edges.
     */
    @Property(tries = 40)
    void reachAboveTauIsExactlyTheBackwardClsTrace(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int layers,
            @ForAll @IntRange(min = 1, max = 3) int heads,
            @ForAll @IntRange(min = 1, max = 7) int n) {
        StoredAttention a = StoredAttention.of(MatrixTraceTest.randomTensor(seed, layers, heads, n), FLOOR);
        ClsReach reach = ClsReach.of(a);
        for (double tau : tausFromTheData(a, new Random(seed))) {
            TracePlan plan = TracePlan.of(
                    new TraceRequest("m", "s", Direction.BACKWARD, tau, null, null, List.of(), Map.of(), 0.5),
                    layers,
                    heads,
                    n,
                    FLOOR);
            Set<String> nodes = new HashSet<>(Set.of(layers + ":0"));
            Set<String> usedHeads = new HashSet<>();
            for (TraceResult.Edge e : MatrixTrace.edges(a, plan)) {
                nodes.add(e.fromLayer() + ":" + e.fromPos());
                nodes.add(e.toLayer() + ":" + e.toPos());
                usedHeads.add(e.toLayer() + ":" + e.head());
            }
            Set<String> reachedNodes = new HashSet<>(), reachedHeads = new HashSet<>();
            for (int l = 0; l <= layers; l++) {
                for (int p = 0; p < n; p++) if (reach.token(l, p) > tau * a.scale()) reachedNodes.add(l + ":" + p);
            }
            for (int l = 1; l <= layers; l++) {
                for (int h = 0; h < heads; h++) if (reach.head(l, h) > tau * a.scale()) reachedHeads.add(l + ":" + h);
            }
            assertEquals(nodes, reachedNodes, "nodes at τ " + tau);
            assertEquals(usedHeads, reachedHeads, "heads at τ " + tau);
        }
    }

    /** The widest-path recurrence itself, on a graph small enough to check by hand: one head, two tokens. */
    @Example
    void aTwoLayerChainTakesTheSmallerOfItsEdges() {
        // layout (layer, head, i, j), index (l-1)·4 + i·2 + j: layer 2: [CLS] attends token 1 at q 500;
        // layer 1: token 1 attends token 0 at q 900, [CLS] (not reached at layer 1) attends token 1 at q 300
        int[] q = new int[2 * 2 * 2];
        q[1] = 300; // l1: i0 -> j1
        q[2] = 900; // l1: i1 -> j0
        q[4 + 1] = 500; // l2: i0 -> j1
        StoredAttention a = StoredAttention.ofStored(2, 1, 2, FLOOR, 1 << 20, q);
        ClsReach r = ClsReach.of(a);
        assertEquals(Integer.MAX_VALUE, r.token(2, 0));
        assertEquals(0, r.token(2, 1));
        assertEquals(500, r.token(1, 1));
        assertEquals(0, r.token(1, 0)); // [CLS] @ 2 does not attend token 0 @ 1
        assertEquals(500, r.token(0, 0)); // min(500, 900) via token 1 @ 1
        assertEquals(0, r.token(0, 1)); // only [CLS] @ 1 attends token 1 @ 0, and it is not reached
        assertEquals(500, r.head(2, 0));
        assertEquals(500, r.head(1, 0));
    }

    /** τ values q/scale and (q ± 1)/scale of randomly chosen stored weights, within [floor, 1]. */
    private static Set<Double> tausFromTheData(StoredAttention a, Random random) {
        Set<Double> taus = new TreeSet<>();
        for (int k = 0; k < 12; k++) {
            int l = 1 + random.nextInt(a.layers()), h = random.nextInt(a.heads());
            int q = a.q(l, h, random.nextInt(a.n()), random.nextInt(a.n()));
            for (int d = -1; d <= 1; d++) {
                double tau = (q + d) / (double) a.scale();
                if (tau >= FLOOR && tau <= 1) taus.add(tau);
            }
        }
        taus.add(FLOOR);
        return taus;
    }
}
