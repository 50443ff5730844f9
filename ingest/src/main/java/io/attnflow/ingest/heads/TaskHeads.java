package io.attnflow.ingest.heads;

import io.attnflow.core.model.ForwardResult.MaskPrediction;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.ingest.tokenize.ModelTokenizer;
import io.attnflow.ingest.weights.BertWeights;
import java.util.List;

/**
 * Optional task heads on top of the encoder (pooler + classifier, masked-LM). They read only the final hidden
 * states of one sequence ({@code n × hidden}, padding already stripped), so they run in plain Java after the
 * forward pass; {@code BertAttentionModel} calls them for every result.
 */
public interface TaskHeads {

    /** Classifier logits, or null when the model has no classifier. */
    float[] logits(float[][] hidden);

    /** Top predictions at each {@code [MASK]} token, or an empty list when the model has no MLM head. */
    List<MaskPrediction> predictions(float[][] hidden, List<TokenInfo> tokens);

    /** No heads: null logits, no predictions. */
    TaskHeads NONE = new TaskHeads() {
        @Override
        public float[] logits(float[][] hidden) {
            return null;
        }

        @Override
        public List<MaskPrediction> predictions(float[][] hidden, List<TokenInfo> tokens) {
            return List.of();
        }
    };

    /**
     * The heads the weights have ({@code pooler.*}/{@code classifier.*}, {@code cls.predictions.*}), or
     * {@link #NONE}. The one place that decides which heads a model gets.
     */
    static TaskHeads forWeights(BertWeights weights, ModelTokenizer tokenizer) {
        return BertTaskHeads.forWeights(weights, tokenizer);
    }
}
