package io.attnflow.core.trace;

import io.attnflow.core.model.Prediction;
import java.util.List;

/**
 * The trace JSON contract, served identically by {@code attnflow trace --format json} and the API.
 *
 * @param nodes          every node of every frontier S_l, with its flow value
 * @param edges          every per-head edge of every E_l
 * @param influence      token influence I(k) for each input position k (length n)
 * @param headImportance [layer 1..L][head]: the summed weight of the trace's edges in that head (index 0 = layer 1)
 * @param rollout        attention-rollout relevance of each input token for {@code [CLS]} (length n)
 * @param attentionFlow  attention flow (max-flow, Abnar &amp; Zuidema) of each input token from {@code [CLS]} (length
 *                       n), as stored at ingest; null when ingest did not compute it (a sentence longer than the
 *                       bound of {@code AttentionFlowPolicy}). Not the nodes' {@code value}, which is the trace's
 *                       thresholded node value (flow).
 * @param prediction     the model's stored classifier prediction on the sentence, or null without a classifier head
 */
public record TraceResult(
        List<Node> nodes,
        List<Edge> edges,
        double[] influence,
        double[][] headImportance,
        double[] rollout,
        double[] attentionFlow,
        Prediction prediction) {

    /** A trace without a prediction. */
    public TraceResult(
            List<Node> nodes,
            List<Edge> edges,
            double[] influence,
            double[][] headImportance,
            double[] rollout,
            double[] attentionFlow) {
        this(nodes, edges, influence, headImportance, rollout, attentionFlow, null);
    }

    /** The same trace with the model's prediction on the sentence. */
    public TraceResult withPrediction(Prediction p) {
        return new TraceResult(nodes, edges, influence, headImportance, rollout, attentionFlow, p);
    }

    /** A token at a layer (0 = embeddings), with its flow value. */
    public record Node(int layer, int pos, String token, double value) {}

    /** Attention edge (fromPos @ fromLayer) → (toPos @ toLayer) in one head (0-based), toLayer = fromLayer + 1. */
    public record Edge(int fromLayer, int fromPos, int toLayer, int toPos, int head, double w) {}
}
