package io.attnflow.core.query;

/**
 * Input that cannot be served as given: an empty sentence, a text longer than the model accepts, a floor that
 * differs from the stored one, a parameter out of range. The message names the problem and the fix; the API
 * answers 400. Programming errors stay {@link IllegalArgumentException} and answer 500.
 */
public class InvalidInputException extends QueryException {
    public InvalidInputException(String message) {
        super(message);
    }
}
