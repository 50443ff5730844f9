package io.attnflow.core.query;

/** An analyst query name that is not in the catalogue. */
public final class UnknownQueryException extends NotFoundException {
    public UnknownQueryException(String name, Iterable<String> known) {
        super("unknown query '" + name + "': choose one of " + String.join(", ", known));
    }
}
