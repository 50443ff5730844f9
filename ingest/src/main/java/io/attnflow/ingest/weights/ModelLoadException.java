package io.attnflow.ingest.weights;

/**
 * A model cannot be loaded: a file is missing, corrupt, truncated or of an unsupported kind. The message names the
 * file and the fix, so that it can be shown to a user as it is.
 */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
