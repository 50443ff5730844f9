package io.attnflow.ingest.forward;

import ai.djl.ndarray.NDArray;

/**
 * One transformer layer's parameters as the forward pass consumes them: Q, K and V stacked along the output
 * dimension into one {@code [3·hidden, hidden]} weight, with the query rows already scaled by 1/√d (so that
 * softmax(QKᵀ/√d) needs no extra op). Inference builds it once from the weights; training rebuilds it from the
 * trainable parameters every step, so the gradients reach the unscaled Hugging Face tensors.
 */
public record EncoderLayer(
        NDArray qkvWeight,
        NDArray qkvBias,
        NDArray attnOutWeight,
        NDArray attnOutBias,
        NDArray attnNormWeight,
        NDArray attnNormBias,
        NDArray interWeight,
        NDArray interBias,
        NDArray outWeight,
        NDArray outBias,
        NDArray outNormWeight,
        NDArray outNormBias) {}
