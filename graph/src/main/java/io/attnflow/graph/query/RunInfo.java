package io.attnflow.graph.query;

import java.util.List;

/**
 * A model's shape, floor and weight scale ({@code Model.scale}), and one sentence's tokens and rollout, as stored (run_info.cypher).
 *
 * @param rollout       the attention-rollout relevance of each input token for {@code [CLS]}, computed at ingest
 * @param attentionFlow the attention flow (max-flow) of each input token from {@code [CLS]}, computed at ingest, or
 *                      null when ingest skipped it (a sentence longer than the bound of {@code AttentionFlowPolicy})
 * @param classifier    true when the model has a classifier head ({@code Model.labels}), so a Run may hold a prediction
 */
public record RunInfo(
        String model,
        String sid,
        double floor,
        int scale,
        int layers,
        int heads,
        int n,
        List<String> tokens,
        double[] rollout,
        double[] attentionFlow,
        String text,
        String textB,
        boolean classifier) {}
