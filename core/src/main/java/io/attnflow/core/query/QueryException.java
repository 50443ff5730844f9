package io.attnflow.core.query;

/**
 * Base of the errors a query can raise because of what was asked, not because something broke. The message is
 * meant for the user: it names the problem and the fix.
 */
public abstract class QueryException extends RuntimeException {
    protected QueryException(String message) {
        super(message);
    }
}
