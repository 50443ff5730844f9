package io.attnflow.core.model;

import java.util.List;

/**
 * What one forward pass gives for one sentence or pair: the tokens, every head's attention, the final hidden
 * states and, where the model has a head, its logits or masked-LM predictions.
 *
 * @param model       the model that produced it
 * @param input       the sentence or pair
 * @param tokens      the n tokens, padding stripped
 * @param attention   L×H×n×n attention probabilities
 * @param hidden      final hidden states, n × hidden
 * @param logits      classifier logits, or null when the model has no classifier
 * @param predictions masked-LM top predictions for each {@code [MASK]} position, empty when the model has no MLM head
 * @param truncated   true when the input was cut to the model's maximum length (only with an explicit flag)
 */
public record ForwardResult(
        ModelInfo model,
        SentenceInput input,
        List<TokenInfo> tokens,
        AttentionTensor attention,
        float[][] hidden,
        float[] logits,
        List<MaskPrediction> predictions,
        boolean truncated) {

    /** The sequence length n. */
    public int n() {
        return tokens.size();
    }

    /**
     * Top-k predictions of the MLM head at one masked position.
     *
     * @param pos    the position of the {@code [MASK]} token
     * @param tokens the predicted tokens, best first
     * @param probs  their probabilities
     */
    public record MaskPrediction(int pos, List<String> tokens, float[] probs) {}
}
