package io.attnflow.api.error;

/** A feature the server was started without (e.g. ingest without a model runtime). Answered with 503. */
public final class ServiceUnavailableException extends RuntimeException {
    public ServiceUnavailableException(String message) {
        super(message);
    }
}
