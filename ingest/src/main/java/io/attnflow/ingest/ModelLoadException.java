package io.attnflow.ingest;

/** A model could not be found or loaded. The message names the problem and the fix, for the user. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
