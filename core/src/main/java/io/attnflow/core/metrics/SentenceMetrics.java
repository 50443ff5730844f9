package io.attnflow.core.metrics;

import io.attnflow.core.model.ForwardResult;

/**
 * A forward pass with the per-sentence numbers that are stored next to its attention: the attention rollout of
 * {@code [CLS]} ({@link Rollout}) and every head's Clark et al. behaviour ({@link HeadBehaviour}). Ingest computes
 * it, and the graph writer only persists it.
 *
 * @param forward   the forward pass
 * @param rollout   the {@code [CLS]} row of the rollout R_L, one relevance per input token
 * @param behaviour the behaviour of each head, indexed [layer - 1][head]
 */
public record SentenceMetrics(ForwardResult forward, double[] rollout, HeadBehaviour[][] behaviour) {
    /** Computes rollout and head behaviour from the forward pass's full attention. */
    public static SentenceMetrics of(ForwardResult forward) {
        return new SentenceMetrics(
                forward,
                Rollout.of(forward.attention()).clsRow(),
                HeadBehaviour.ofAll(forward.attention(), forward.tokens()));
    }
}
