package io.attnflow.graph.query;

import java.util.List;

/**
 * A model's shape, floor and weight scale ({@code Model.scale}), and one sentence's tokens and rollout, as stored (run_info.cypher).
 *
 * @param rollout the attention-rollout relevance of each input token for {@code [CLS]}, computed at ingest
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
        String text,
        String textB) {}
