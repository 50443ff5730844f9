package io.attnflow.ingest;

import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import java.util.List;

/**
 * An opened model: encodes sentences and pairs, returning every head's attention. Thread-safe. Close it to free
 * the native memory that holds the weights.
 */
public interface AttentionModel extends AutoCloseable {

    ModelInfo info();

    /**
     * The classifier's label names by logit index (Hugging Face {@code id2label}, else {@code LABEL_i}); empty when
     * the model has no classifier.
     */
    default List<String> labels() {
        return List.of();
    }

    /**
     * Runs one sentence or pair.
     *
     * @throws io.attnflow.core.query.InvalidInputException when the input is longer than the model's maximum and truncation is off
     */
    ForwardResult encode(SentenceInput input);

    /**
     * The tokens the model would see for this input, without running it (e.g. to check the length first).
     *
     * @throws io.attnflow.core.query.InvalidInputException when the input is longer than the model's maximum and truncation is off
     */
    List<TokenInfo> tokenize(SentenceInput input);

    /** Runs several inputs as padded batches; each result equals the unbatched one (padding is stripped). */
    List<ForwardResult> encodeBatch(List<SentenceInput> inputs);

    @Override
    void close();
}
