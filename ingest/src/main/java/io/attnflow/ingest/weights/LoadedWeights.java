package io.attnflow.ingest.weights;

import io.attnflow.core.model.ModelInfo;

/**
 * What a weight loader hands to the runtime: the canonical weights plus the tokenizer that belongs to them.
 *
 * @param id            the model id used on the CLI and in the graph
 * @param name          human-readable origin (directory, hub id, Maven coordinates)
 * @param source        {@code hf-dir}, {@code hf-cache}, {@code tf-checkpoint}, …
 * @param weights       the weights under canonical names
 * @param tokenizerJson the Hugging Face {@code tokenizer.json} text (read from the model or generated from its vocab)
 */
public record LoadedWeights(String id, String name, String source, BertWeights weights, String tokenizerJson) {

    /** The model's configuration and provenance as the rest of the system sees it. */
    public ModelInfo info() {
        return weights.info(id, name, source);
    }
}
