package io.attnflow.core.metrics;

import io.attnflow.core.model.ForwardResult;

/**
 * A forward pass with the per-sentence numbers that are stored next to its attention: the attention rollout of
 * {@code [CLS]} ({@link Rollout}), the attention flow (max-flow) of {@code [CLS]} ({@link AttentionFlow}) and every
 * head's Clark et al. behaviour ({@link HeadBehaviour}). Ingest computes it, and the graph writer only persists it.
 *
 * @param forward       the forward pass
 * @param rollout       the {@code [CLS]} row of the rollout R_L, one relevance per input token
 * @param attentionFlow the {@code [CLS]} attention flow (max-flow), one value per input token, or null when the
 *                      {@link AttentionFlowPolicy} skipped it (a sentence longer than its bound)
 * @param behaviour     the behaviour of each head, indexed [layer - 1][head]
 */
public record SentenceMetrics(
        ForwardResult forward, double[] rollout, double[] attentionFlow, HeadBehaviour[][] behaviour) {
    /** Computes rollout, head behaviour and (under the default bound) attention flow from the full attention. */
    public static SentenceMetrics of(ForwardResult forward) {
        return of(forward, AttentionFlowPolicy.defaults());
    }

    /** Computes rollout, head behaviour and, when the policy says so, attention flow from the full attention. */
    public static SentenceMetrics of(ForwardResult forward, AttentionFlowPolicy flow) {
        return new SentenceMetrics(
                forward,
                Rollout.of(forward.attention()).clsRow(),
                flow.computes(forward.n()) ? AttentionFlow.clsRow(forward.attention()) : null,
                HeadBehaviour.ofAll(forward.attention(), forward.tokens()));
    }
}
