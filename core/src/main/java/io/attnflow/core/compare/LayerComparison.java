package io.attnflow.core.compare;

/**
 * The per-layer summary of a comparison.
 *
 * @param layer       1..L
 * @param shared      shared edges over all heads of the layer
 * @param onlyA       edges only in A
 * @param onlyB       edges only in B
 * @param jaccard     shared / (shared + onlyA + onlyB) over the layer; 1 when all are 0
 * @param meanCosine  the mean of the heads' cosines
 * @param maxCosineBound the largest cosine error bound among the layer's heads
 * @param sharedHeads heads used by both models' {@code [CLS]} traces
 * @param onlyAHeads  heads used only by A's trace
 * @param onlyBHeads  heads used only by B's trace
 */
public record LayerComparison(
        int layer,
        int shared,
        int onlyA,
        int onlyB,
        double jaccard,
        double meanCosine,
        double maxCosineBound,
        int sharedHeads,
        int onlyAHeads,
        int onlyBHeads) {}
