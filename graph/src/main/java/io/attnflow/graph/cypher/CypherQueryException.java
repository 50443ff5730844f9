package io.attnflow.graph.cypher;

/** An analyst's query was refused or failed: the message says why, in the user's terms. */
public class CypherQueryException extends RuntimeException {
    private final boolean writeRefused;

    public CypherQueryException(String message, boolean writeRefused, Throwable cause) {
        super(message, cause);
        this.writeRefused = writeRefused;
    }

    /** True when the query was refused because it would change the graph. */
    public boolean writeRefused() {
        return writeRefused;
    }
}
