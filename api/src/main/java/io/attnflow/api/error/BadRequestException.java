package io.attnflow.api.error;

/** A request the API cannot serve as sent: a malformed body or parameter. Answered with 400. */
public final class BadRequestException extends RuntimeException {
    private final String parameter;

    public BadRequestException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The offending parameter, or null for the body as a whole. */
    public String parameter() {
        return parameter;
    }
}
