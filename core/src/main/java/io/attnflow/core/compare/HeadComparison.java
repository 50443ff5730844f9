package io.attnflow.core.compare;

/**
 * One head (l, h) of two models on one sentence.
 *
 * @param layer       1..L
 * @param head        0-based
 * @param shared      per-head edges above τ in both models
 * @param onlyA       edges above τ only in model A
 * @param onlyB       edges above τ only in model B
 * @param jaccard     shared / (shared + onlyA + onlyB); 1 when neither model has an edge above τ in the head
 * @param cosine      cosine similarity of the two stored n×n matrices A^l_h (0 when one of them stores nothing)
 * @param cosineBound an upper bound of |cosine of the full matrices − cosine|, see {@link HeadCosine}
 * @param inTraceA    the head carries edges of model A's backward {@code [CLS]} trace at τ
 * @param inTraceB    the same for model B
 */
public record HeadComparison(
        int layer,
        int head,
        int shared,
        int onlyA,
        int onlyB,
        double jaccard,
        double cosine,
        double cosineBound,
        boolean inTraceA,
        boolean inTraceB) {}
