package io.attnflow.graph;

/** Neo4j cannot be reached or opened. The message names the URI (or data directory), the cause and a fix. */
public class GraphUnavailableException extends RuntimeException {
    public GraphUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
