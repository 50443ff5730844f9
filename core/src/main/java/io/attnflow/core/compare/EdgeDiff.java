package io.attnflow.core.compare;

/**
 * One per-head edge (fromPos @ layer-1) → (toPos @ layer) above τ in at least one of two models.
 *
 * @param layer   the attention layer 1..L of the edge (its target layer)
 * @param head    0-based
 * @param fromPos the attended token j
 * @param toPos   the attending token i
 * @param wA      the stored weight in model A (0 below the floor)
 * @param wB      the stored weight in model B
 * @param side    shared (both &gt; τ), only in A, or only in B
 */
public record EdgeDiff(int layer, int head, int fromPos, int toPos, double wA, double wB, EdgeSide side) {}
