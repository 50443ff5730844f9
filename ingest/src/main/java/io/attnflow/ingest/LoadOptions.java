package io.attnflow.ingest;

/**
 * How to open a model. Use {@link #defaults()} and the {@code with…} methods, so that new options do not break
 * callers.
 *
 * @param truncate cut input longer than the model's maximum length (the result reports it) instead of failing
 */
public record LoadOptions(boolean truncate) {

    /** No truncation. */
    public static LoadOptions defaults() {
        return new LoadOptions(false);
    }

    public LoadOptions withTruncate(boolean truncate) {
        return new LoadOptions(truncate);
    }
}
