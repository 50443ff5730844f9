package io.attnflow.ingest.weights;

import io.attnflow.core.model.ModelInfo;
import java.util.Map;

/**
 * A BERT-family model's weights under canonical Hugging Face {@code BertModel} names, whatever file they came from
 * (ONNX initializers, safetensors, a TF checkpoint). Every loader maps into these names; the forward pass reads only
 * these names. Linear weights are PyTorch-shaped {@code [out, in]}.
 *
 * <pre>
 * embeddings.word_embeddings.weight            [vocab, hidden]
 * embeddings.position_embeddings.weight        [maxPositions, hidden]
 * embeddings.token_type_embeddings.weight      [typeVocab, hidden]   (absent for DistilBERT)
 * embeddings.LayerNorm.weight / .bias          [hidden]
 * encoder.layer.{i}.attention.self.query.weight / .bias   (also key, value)   i = 0..L-1
 * encoder.layer.{i}.attention.output.dense.weight / .bias
 * encoder.layer.{i}.attention.output.LayerNorm.weight / .bias
 * encoder.layer.{i}.intermediate.dense.weight / .bias
 * encoder.layer.{i}.output.dense.weight / .bias
 * encoder.layer.{i}.output.LayerNorm.weight / .bias
 * optional heads:
 * pooler.dense.weight / .bias, classifier.weight / .bias                      (sequence classification)
 * cls.predictions.transform.dense.weight / .bias, cls.predictions.transform.LayerNorm.weight / .bias,
 * cls.predictions.bias (decoder weight is tied to embeddings.word_embeddings.weight unless
 * cls.predictions.decoder.weight is present)                                 (masked LM)
 * </pre>
 *
 * @param config       hyper-parameters
 * @param tensors      canonical name → tensor
 * @param labels       classifier label names by index (empty when there is no classifier)
 * @param weightsSha256 SHA-256 of the source weight file, for provenance
 */
public record BertWeights(
        BertConfig config, Map<String, Tensor> tensors, java.util.List<String> labels, String weightsSha256) {

    /** The tensor with this canonical name, or an error that names the missing tensor. */
    public Tensor require(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new ModelLoadException("the weights have no tensor '" + name + "'");
        }
        return t;
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The model's configuration and provenance as the rest of the system sees it.
     *
     * @param id     the model id used on the CLI and in the graph
     * @param name   human-readable origin
     * @param source where the weights came from ({@code bundled}, {@code hf-dir}, …)
     */
    public ModelInfo info(String id, String name, String source) {
        return new ModelInfo(
                id,
                name,
                config.architecture(),
                config.layers(),
                config.heads(),
                config.hidden(),
                config.vocabSize(),
                config.maxPositions() - config.positionOffset(),
                source,
                weightsSha256);
    }
}
