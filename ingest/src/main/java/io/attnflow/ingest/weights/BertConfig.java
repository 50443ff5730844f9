package io.attnflow.ingest.weights;

/**
 * The architecture hyper-parameters a BERT-family forward pass needs.
 *
 * @param architecture   {@code bert}, {@code distilbert} or {@code roberta}
 * @param layers         number of transformer layers
 * @param heads          attention heads per layer
 * @param hidden         hidden size
 * @param intermediate   feed-forward size
 * @param vocabSize      vocabulary size
 * @param maxPositions   number of position embeddings (usable length = maxPositions - positionOffset)
 * @param typeVocabSize  token type embeddings (0 when the model has none, as DistilBERT)
 * @param layerNormEps   LayerNorm epsilon (1e-12 for BERT, 1e-5 for RoBERTa)
 * @param positionOffset first position id (0 for BERT, padding_idx + 1 = 2 for RoBERTa)
 */
public record BertConfig(
        String architecture,
        int layers,
        int heads,
        int hidden,
        int intermediate,
        int vocabSize,
        int maxPositions,
        int typeVocabSize,
        double layerNormEps,
        int positionOffset) {}
