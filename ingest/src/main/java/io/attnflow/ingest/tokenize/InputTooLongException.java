package io.attnflow.ingest.tokenize;

import io.attnflow.core.query.InvalidInputException;

/**
 * An input with more tokens than the model's positions, without truncation asked for. A distinct type so that each
 * surface (the command line, HTTP) can say what its users can do about it.
 */
public final class InputTooLongException extends InvalidInputException {
    private final int tokens;
    private final int maxLength;

    public InputTooLongException(int tokens, int maxLength) {
        super("the input has " + tokens + " tokens but the model accepts at most " + maxLength
                + "; shorten the text or allow truncation (--truncate)");
        this.tokens = tokens;
        this.maxLength = maxLength;
    }

    public int tokens() {
        return tokens;
    }

    public int maxLength() {
        return maxLength;
    }
}
