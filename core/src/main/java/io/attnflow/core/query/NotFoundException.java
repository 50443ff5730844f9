package io.attnflow.core.query;

/** Something the query names is not in the graph. The API answers 404. */
public class NotFoundException extends QueryException {
    public NotFoundException(String message) {
        super(message);
    }
}
