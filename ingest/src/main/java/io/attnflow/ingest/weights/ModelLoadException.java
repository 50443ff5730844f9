package io.attnflow.ingest.weights;

/**
 * A model cannot be loaded: a file is missing, corrupt, truncated or of an unsupported kind. The message names the
 * file and the fix, so that it can be shown to a user as it is.
 */
public class ModelLoadException extends RuntimeException {
    private final String reason;

    public ModelLoadException(String message) {
        super(message);
        this.reason = message;
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
        this.reason = message;
    }

    private ModelLoadException(String reason, String choices) {
        super(reason + "; " + choices);
        this.reason = reason;
    }

    /**
     * A model the catalogue does not know, with what it would have accepted.
     *
     * @param reason  what went wrong, e.g. {@code unknown model 'x'}
     * @param choices the available ids and accepted forms, appended to the message
     */
    public static ModelLoadException withChoices(String reason, String choices) {
        return new ModelLoadException(reason, choices);
    }

    /** What went wrong, without the list of choices: for a caller that words its own message around it. */
    public String reason() {
        return reason;
    }
}
