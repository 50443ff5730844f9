package io.attnflow.core.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * A trace computed on stored matrices in memory: the definitions applied directly to the stored (quantized,
 * floored) weights, frontier by frontier. The comparison (T3) uses it on the matrices the graph returns; the trace
 * Cypher files are tested equal to it.
 */
public final class MatrixTrace {
    private MatrixTrace() {}

    /**
     * Traces one sentence.
     *
     * @param attention the stored attention of the sentence
     * @param tokens    the token texts, by position
     * @param request   what to trace; its τ must be ≥ the floor
     * @param rollout   the rollout relevance per input position, or null
     */
    public static TraceResult trace(
            StoredAttention attention, List<String> tokens, TraceRequest request, double[] rollout) {
        TracePlan plan = TracePlan.of(request, attention.layers(), attention.heads(), attention.n(), attention.floor());
        return TraceAssembler.assemble(plan, tokens, attention.heads(), edges(attention, plan), rollout);
    }

    /** The per-head edges of every E_l of a validated plan. */
    public static List<TraceResult.Edge> edges(StoredAttention a, TracePlan plan) {
        return edges(a, plan, FrontierReads.NONE);
    }

    /**
     * The per-head edges of every E_l of a validated plan, on matrices that {@code reads} fills layer by layer with the
     * entries the frontier can follow, just before the trace reads them.
     */
    public static List<TraceResult.Edge> edges(StoredAttention a, TracePlan plan, FrontierReads reads) {
        int n = a.n();
        boolean[] frontier = new boolean[n];
        for (int p : plan.starts()) frontier[p] = true;
        List<TraceResult.Edge> edges = new ArrayList<>();
        int[] layers = plan.edgeLayers();
        for (int k = 0; k < layers.length; k++) {
            int l = plan.backward() ? layers[layers.length - 1 - k] : layers[k];
            reads.read(l, frontier, plan.backward());
            boolean[] next = new boolean[n];
            for (int h : plan.heads().heads(l)) {
                for (int f = 0; f < n; f++) {
                    if (!frontier[f]) continue;
                    for (int o = 0; o < n; o++) {
                        // backward: f is the attending token i at l, o the attended j at l-1; forward the reverse
                        int i = plan.backward() ? f : o, j = plan.backward() ? o : f;
                        int q = a.q(l, h, i, j);
                        if (q > 0 && a.exceeds(l, h, i, j, plan.tau())) {
                            edges.add(new TraceResult.Edge(l - 1, j, l, i, h, a.w(l, h, i, j)));
                            next[o] = true;
                        }
                    }
                }
            }
            frontier = next;
        }
        return edges;
    }
}
