package io.attnflow.core.compare;

import java.util.List;

/**
 * Task T3: two models with the same tokenizer on the same sentence. Heads are compared where both models have them
 * (layers 1..min(L_A, L_B), heads 0..min(H_A, H_B)-1).
 *
 * @param modelA      model A's id
 * @param modelB      model B's id
 * @param sid         the sentence id
 * @param tau         threshold τ
 * @param n           the sentence length (equal in both models)
 * @param heads       one entry per common head, by layer then head
 * @param layers      one summary per common layer
 * @param sharedHeads heads used by both models' backward {@code [CLS]} traces (all of each model's layers)
 * @param onlyAHeads  heads used only by A's trace
 * @param onlyBHeads  heads used only by B's trace
 * @param meanCosine  the mean cosine over the common heads
 * @param jaccard     shared / (shared + onlyA + onlyB) over all common heads
 */
public record CompareResult(
        String modelA,
        String modelB,
        String sid,
        double tau,
        int n,
        List<HeadComparison> heads,
        List<LayerComparison> layers,
        List<HeadRef> sharedHeads,
        List<HeadRef> onlyAHeads,
        List<HeadRef> onlyBHeads,
        double meanCosine,
        double jaccard) {}
