package io.attnflow.ingest;

import io.attnflow.core.model.ModelInfo;
import io.attnflow.ingest.tokenize.HfTokenizer;
import io.attnflow.ingest.tokenize.ModelTokenizer;
import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.LoadedWeights;

/**
 * What a {@link ModelResolver} hands to the catalog: weights under canonical names, the model's tokenizer and its
 * description.
 */
public record ResolvedModel(ModelInfo info, BertWeights weights, ModelTokenizer tokenizer) {

    /** Builds the {@link ModelInfo} from the weights' config. */
    public static ResolvedModel of(
            String id, String name, String source, BertWeights weights, ModelTokenizer tokenizer) {
        return new ResolvedModel(weights.info(id, name, source), weights, tokenizer);
    }

    /** A loader's output, with its {@code tokenizer.json} opened as an {@link HfTokenizer}. */
    public static ResolvedModel of(LoadedWeights loaded) {
        return new ResolvedModel(loaded.info(), loaded.weights(), HfTokenizer.fromJson(loaded.tokenizerJson()));
    }
}
