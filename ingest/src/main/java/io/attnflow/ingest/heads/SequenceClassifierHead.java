package io.attnflow.ingest.heads;

import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.Tensor;

/**
 * The sequence-classification head on the first token ({@code [CLS]} / {@code <s>}): {@code classifier(act(pooler(h0)))}.
 * BERT's pooler and RoBERTa's classification head use tanh; DistilBERT's pre-classifier uses ReLU. Dropout is
 * the identity at inference.
 */
final class SequenceClassifierHead {
    private final Tensor poolW, poolB, clsW, clsB;
    private final boolean relu;

    SequenceClassifierHead(BertWeights w) {
        this.poolW = w.require("pooler.dense.weight");
        this.poolB = w.require("pooler.dense.bias");
        this.clsW = w.require("classifier.weight");
        this.clsB = w.require("classifier.bias");
        this.relu = w.config().architecture().equals("distilbert");
    }

    static boolean present(BertWeights w) {
        return w.has("classifier.weight") && w.has("pooler.dense.weight");
    }

    float[] logits(float[][] hidden) {
        double[] pooled = HeadMath.linear(poolW, poolB, HeadMath.toDouble(hidden[0]));
        for (int k = 0; k < pooled.length; k++) pooled[k] = relu ? Math.max(0, pooled[k]) : Math.tanh(pooled[k]);
        double[] logits = HeadMath.linear(clsW, clsB, pooled);
        float[] out = new float[logits.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) logits[i];
        return out;
    }
}
