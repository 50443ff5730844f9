package io.attnflow.core.model;

/**
 * The configuration and provenance of one model. Every model is its own subgraph, keyed by {@link #id()}.
 *
 * @param id            stable identifier used on the CLI and as the {@code model} key in the graph, e.g. {@code bge-small-en-v1.5}
 * @param name          human-readable name or origin (Maven coordinates, directory, hub id)
 * @param architecture  {@code bert}, {@code distilbert} or {@code roberta}
 * @param layers        L, the number of transformer layers
 * @param heads         H, attention heads per layer
 * @param hidden        hidden size
 * @param vocabSize     vocabulary size
 * @param maxPositions  the longest input in tokens the model accepts (position embeddings)
 * @param source        where the weights came from: {@code bundled}, {@code tf-checkpoint}, {@code hf-dir}, {@code hf-cache}
 * @param weightsSha256 SHA-256 of the weight file, so that two subgraphs can be told apart honestly
 */
public record ModelInfo(
        String id,
        String name,
        String architecture,
        int layers,
        int heads,
        int hidden,
        int vocabSize,
        int maxPositions,
        String source,
        String weightsSha256) {}
