package io.attnflow.graph;

/**
 * The database refused or failed a statement for a reason that is not the user's input and not an outage: a bug
 * in a query, a constraint the writer broke, an internal database error. The API answers 500 and logs it.
 */
public class GraphFailureException extends RuntimeException {
    private final String code;

    public GraphFailureException(String message, String code, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** The Neo4j status code, e.g. {@code Neo.ClientError.Statement.SyntaxError}, or null when there was none. */
    public String code() {
        return code;
    }
}
