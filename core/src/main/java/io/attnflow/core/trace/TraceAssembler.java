package io.attnflow.core.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a trace's edge set into the full {@link TraceResult}: the node set with flow values, token influence and
 * head importance, exactly per the definitions. Shared by the in-memory reference and the graph query service, so
 * both compute the derived numbers the same way from the same edges.
 */
public final class TraceAssembler {
    /** Nodes by layer, then position. */
    public static final Comparator<TraceResult.Node> NODE_ORDER =
            Comparator.comparingInt(TraceResult.Node::layer).thenComparingInt(TraceResult.Node::pos);

    /** Edges by target layer, target position, source position, head. */
    public static final Comparator<TraceResult.Edge> EDGE_ORDER = Comparator.comparingInt(TraceResult.Edge::toLayer)
            .thenComparingInt(TraceResult.Edge::toPos)
            .thenComparingInt(TraceResult.Edge::fromPos)
            .thenComparingInt(TraceResult.Edge::head);

    private TraceAssembler() {}

    /**
     * Builds the result.
     *
     * @param plan    the validated request
     * @param tokens  the token texts, by position
     * @param heads   H, heads per layer
     * @param edges   every per-head edge of every E_l (any order)
     * @param rollout the rollout relevance per input position (length n), or null for zeros
     */
    public static TraceResult assemble(
            TracePlan plan, List<String> tokens, int heads, List<TraceResult.Edge> edges, double[] rollout) {
        return assemble(plan, tokens, heads, edges, rollout, null);
    }

    /**
     * Builds the result, with the stored attention flow (max-flow) passed through as it is.
     *
     * @param attentionFlow the attention flow (max-flow) per input position (length n), or null when not computed
     */
    public static TraceResult assemble(
            TracePlan plan,
            List<String> tokens,
            int heads,
            List<TraceResult.Edge> edges,
            double[] rollout,
            double[] attentionFlow) {
        int n = plan.n(), layers = plan.layers();
        List<TraceResult.Edge> sorted = new ArrayList<>(edges);
        sorted.sort(EDGE_ORDER);

        double[][] value = new double[layers + 1][n];
        boolean[][] present = new boolean[layers + 1][n];
        for (int p : plan.starts()) {
            value[plan.fromLayer()][p] = 1.0;
            present[plan.fromLayer()][p] = true;
        }
        // Values propagate away from l0, one layer at a time; E_l only reads the layer already finished.
        int[] edgeLayers = plan.edgeLayers();
        List<List<TraceResult.Edge>> byLayer = new ArrayList<>();
        for (int l = 0; l <= layers; l++) byLayer.add(new ArrayList<>());
        for (TraceResult.Edge e : sorted) byLayer.get(e.toLayer()).add(e);
        for (int k = 0; k < edgeLayers.length; k++) {
            int l = plan.backward() ? edgeLayers[edgeLayers.length - 1 - k] : edgeLayers[k];
            double hs = plan.heads().size(l);
            for (TraceResult.Edge e : byLayer.get(l)) {
                present[l - 1][e.fromPos()] = true;
                present[l][e.toPos()] = true;
                if (plan.backward()) {
                    value[l - 1][e.fromPos()] += e.w() * value[l][e.toPos()] / hs;
                } else {
                    value[l][e.toPos()] += e.w() * value[l - 1][e.fromPos()] / hs;
                }
            }
        }

        List<TraceResult.Node> nodes = new ArrayList<>();
        for (int l = 0; l <= layers; l++) {
            for (int p = 0; p < n; p++) {
                if (present[l][p]) nodes.add(new TraceResult.Node(l, p, tokens.get(p), value[l][p]));
            }
        }

        double[] influence = new double[n];
        double[][] importance = new double[layers][heads];
        for (TraceResult.Edge e : sorted) {
            influence[e.fromPos()] += Math.pow(plan.alpha(), Math.abs(plan.fromLayer() - e.fromLayer()));
            influence[e.toPos()] += Math.pow(plan.alpha(), Math.abs(plan.fromLayer() - e.toLayer()));
            importance[e.toLayer() - 1][e.head()] += e.w();
        }
        return new TraceResult(
                nodes,
                sorted,
                influence,
                importance,
                rollout == null ? new double[n] : rollout.clone(),
                attentionFlow == null ? null : attentionFlow.clone());
    }
}
