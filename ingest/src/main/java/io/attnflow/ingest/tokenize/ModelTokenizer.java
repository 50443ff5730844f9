package io.attnflow.ingest.tokenize;

/**
 * Turns a sentence or a pair into model input, exactly as the model's own tokenizer does (including its special
 * tokens and pair template). Implementations: {@link HfTokenizer} over a {@code tokenizer.json}.
 */
public interface ModelTokenizer extends AutoCloseable {

    /**
     * Encodes sentence {@code a}, or the pair ({@code a}, {@code b}) when b is not null.
     *
     * @param maxLength the model's usable length in tokens
     * @param truncate  when the input is longer: cut it to maxLength (and report it) instead of failing
     * @throws io.attnflow.core.query.InvalidInputException when the input is longer than maxLength and truncate is false
     */
    TokenizedInput encode(String a, String b, int maxLength, boolean truncate);

    /** The vocabulary entry of an id, e.g. {@code paris} or {@code ##ing}. */
    String token(long id);

    /** The id of a vocabulary entry, or -1. */
    long id(String token);

    @Override
    void close();
}
