package io.attnflow.ingest.heads;

import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.Tensor;

/**
 * The masked-LM head: transform (dense → GELU → LayerNorm), then the decoder, whose weight is tied to the word
 * embeddings unless the checkpoint has its own {@code cls.predictions.decoder.weight}, plus the output bias.
 */
final class MaskedLmHead {
    private final Tensor denseW, denseB, normW, normB, decoder, bias;
    private final double eps;

    MaskedLmHead(BertWeights w) {
        this.denseW = w.require("cls.predictions.transform.dense.weight");
        this.denseB = w.require("cls.predictions.transform.dense.bias");
        this.normW = w.require("cls.predictions.transform.LayerNorm.weight");
        this.normB = w.require("cls.predictions.transform.LayerNorm.bias");
        this.decoder = w.has("cls.predictions.decoder.weight")
                ? w.require("cls.predictions.decoder.weight")
                : w.require("embeddings.word_embeddings.weight");
        this.bias = w.require("cls.predictions.bias");
        this.eps = w.config().layerNormEps();
    }

    static boolean present(BertWeights w) {
        return w.has("cls.predictions.bias") && w.has("cls.predictions.transform.dense.weight");
    }

    /** Vocabulary logits for one position's final hidden state. */
    double[] logits(float[] hidden) {
        double[] t = HeadMath.gelu(HeadMath.linear(denseW, denseB, HeadMath.toDouble(hidden)));
        t = HeadMath.layerNorm(t, normW, normB, eps);
        return HeadMath.linear(decoder, bias, t);
    }
}
