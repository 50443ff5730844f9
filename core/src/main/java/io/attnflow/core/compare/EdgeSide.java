package io.attnflow.core.compare;

/** Which model's edge set above τ a per-head edge belongs to. */
public enum EdgeSide {
    SHARED,
    ONLY_A,
    ONLY_B
}
