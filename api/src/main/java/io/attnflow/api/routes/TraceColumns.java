package io.attnflow.api.routes;

import io.attnflow.core.model.Prediction;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.query.TraceQueries.ScaledTrace;
import java.util.List;

/**
 * The trace of {@code /trace} (a {@link TraceResult}, the same numbers) with its per-head edges sent as columns of
 * small integers instead of one object per edge: about a quarter of the bytes, and much less to write and to parse
 * for the web UI, which asks for traces of tens of thousands of edges (docs/DESIGN.md, "The trace as columns").
 *
 * @param nodes          as {@link TraceResult#nodes()}
 * @param edges          as {@link TraceResult#edges()}, in the same order, column by column
 * @param influence      as {@link TraceResult#influence()}
 * @param headImportance as {@link TraceResult#headImportance()}
 * @param rollout        as {@link TraceResult#rollout()}
 * @param attentionFlow  as {@link TraceResult#attentionFlow()}
 * @param prediction     as {@link TraceResult#prediction()}
 */
public record TraceColumns(
        List<TraceResult.Node> nodes,
        EdgeColumns edges,
        double[] influence,
        double[][] headImportance,
        double[] rollout,
        double[] attentionFlow,
        Prediction prediction) {

    /**
     * Per-head edges as columns: edge k is (fromPos[k] @ toLayer[k] − 1) → (toPos[k] @ toLayer[k]) in head[k], with
     * weight w = q[k] / scale, which is bit for bit the {@code w} of {@code /trace}.
     *
     * @param count   the number of edges (the length of every column)
     * @param scale   the store's weight scale: weights are stored as integers q = round(w · scale)
     * @param toLayer the edge's upper layer, 1..L
     * @param toPos   its position at toLayer
     * @param fromPos its position at toLayer − 1
     * @param head    its head, 0-based
     * @param q       its stored weight as the integer q
     */
    public record EdgeColumns(int count, int scale, int[] toLayer, int[] toPos, int[] fromPos, int[] head, int[] q) {}

    /**
     * Re-encodes a trace.
     *
     * @throws IllegalStateException if a weight is not q / scale for an integer q (never for a stored trace)
     */
    public static TraceColumns of(ScaledTrace scaled) {
        TraceResult t = scaled.trace();
        int scale = scaled.scale(), m = t.edges().size();
        int[] toLayer = new int[m], toPos = new int[m], fromPos = new int[m], head = new int[m], q = new int[m];
        for (int k = 0; k < m; k++) {
            TraceResult.Edge e = t.edges().get(k);
            toLayer[k] = e.toLayer();
            toPos[k] = e.toPos();
            fromPos[k] = e.fromPos();
            head[k] = e.head();
            q[k] = (int) Math.round(e.w() * scale);
            if ((double) q[k] / scale != e.w()) {
                throw new IllegalStateException("edge weight " + e.w() + " is not a stored q / " + scale);
            }
        }
        return new TraceColumns(
                t.nodes(),
                new EdgeColumns(m, scale, toLayer, toPos, fromPos, head, q),
                t.influence(),
                t.headImportance(),
                t.rollout(),
                t.attentionFlow(),
                t.prediction());
    }
}
