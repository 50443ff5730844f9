package io.attnflow.core.metrics;

/**
 * When ingest computes attention flow (max-flow): for sentences of at most {@code maxTokens} tokens. Its cost grows
 * with n³ (n max-flows over about L·n² edges each), so above a bound it would cost more than the forward pass and the
 * write together; the measured figures and the default bound are in docs/ATTENTION_FLOW.md ("The bound at ingest").
 *
 * @param maxTokens the longest sentence (in tokens) whose attention flow is computed; 0 = never
 */
public record AttentionFlowPolicy(int maxTokens) {
    /** The default bound, in tokens (docs/ATTENTION_FLOW.md, "The bound at ingest"). */
    public static final int DEFAULT_MAX_TOKENS = 64;

    public AttentionFlowPolicy {
        if (maxTokens < 0) throw new IllegalArgumentException("maxTokens must be >= 0, was " + maxTokens);
    }

    /** Computed for sentences of up to {@link #DEFAULT_MAX_TOKENS} tokens. */
    public static AttentionFlowPolicy defaults() {
        return new AttentionFlowPolicy(DEFAULT_MAX_TOKENS);
    }

    /** Computed for every sentence, whatever its length. */
    public static AttentionFlowPolicy always() {
        return new AttentionFlowPolicy(Integer.MAX_VALUE);
    }

    /** Never computed. */
    public static AttentionFlowPolicy never() {
        return new AttentionFlowPolicy(0);
    }

    /** Whether a sentence of n tokens gets its attention flow. */
    public boolean computes(int n) {
        return n <= maxTokens;
    }
}
