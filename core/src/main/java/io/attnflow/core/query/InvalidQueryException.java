package io.attnflow.core.query;

/**
 * A query parameter is out of range or inconsistent (τ below the store floor, a layer or head that the model does
 * not have, a token position past the sentence). The API answers 400.
 */
public final class InvalidQueryException extends InvalidInputException {
    public InvalidQueryException(String message) {
        super(message);
    }
}
