package io.attnflow.graph.cypher;

/** An analyst's query was refused or failed: the message says why, in the user's terms, and names the part. */
public class CypherQueryException extends RuntimeException {
    /** Why the query did not run; the HTTP layer answers 403 for the two refusals and 400 for the rest. */
    public enum Kind {
        /** It would change the graph (the planner does not call it read-only, or the server refused a write). */
        WRITE_REFUSED,
        /** It reads, but something other than the graph: files, URLs, procedures, admin or schema commands. */
        REFUSED,
        /** Longer or more deeply nested than the runner accepts, or its answer is larger than it returns. */
        TOO_LARGE,
        /** It ran longer than the timeout and was stopped. */
        TIMED_OUT,
        /** It is not valid Cypher, or it failed while running. */
        BAD_QUERY;

        /** True for the kinds that refuse a query on purpose (HTTP 403). */
        public boolean isRefusal() {
            return this == WRITE_REFUSED || this == REFUSED;
        }
    }

    private final Kind kind;

    public CypherQueryException(String message, Kind kind, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** Kept for callers that only tell writes from the rest. */
    public CypherQueryException(String message, boolean writeRefused, Throwable cause) {
        this(message, writeRefused ? Kind.WRITE_REFUSED : Kind.BAD_QUERY, cause);
    }

    static CypherQueryException refused(String message) {
        return new CypherQueryException(message, Kind.REFUSED, null);
    }

    static CypherQueryException tooLarge(String message) {
        return new CypherQueryException(message, Kind.TOO_LARGE, null);
    }

    static CypherQueryException badQuery(String message) {
        return new CypherQueryException(message, Kind.BAD_QUERY, null);
    }

    public Kind kind() {
        return kind;
    }

    /** True when the query was refused because it would change the graph. */
    public boolean writeRefused() {
        return kind == Kind.WRITE_REFUSED;
    }

    /** True when the query was refused on purpose (a write, or something other than a read of the graph). */
    public boolean refused() {
        return kind.isRefusal();
    }
}
