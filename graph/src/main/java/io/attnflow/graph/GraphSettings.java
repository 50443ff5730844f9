package io.attnflow.graph;

import java.nio.file.Path;

/**
 * Where the graph lives: either the embedded store in {@code dataDir} (the default) or an external Neo4j server at
 * {@code uri}.
 *
 * @param dataDir  the embedded store's directory; used when {@code uri} is null
 * @param boltPort the Bolt port of the embedded store: {@link #AUTO_BOLT_PORT} for the default port or the next
 *                 free one, 0 for any free port, else exactly this port (an error when it is busy)
 * @param uri      {@code bolt://}, {@code neo4j://} (routing: clusters, Aura) or their {@code +s} variants; null
 *                 for the embedded store
 * @param user     user name for the external server, or null for no authentication
 * @param password password for the external server
 * @param database database name, or null for the server's default database
 */
public record GraphSettings(Path dataDir, int boltPort, String uri, String user, String password, String database) {
    /** The standard Bolt port, tried first by the embedded store when no port is given. */
    public static final int DEFAULT_BOLT_PORT = 7687;

    /** No port given: {@link #DEFAULT_BOLT_PORT} or the next free one. */
    public static final int AUTO_BOLT_PORT = -1;

    /** The embedded store in {@code dataDir}, Bolt on the default port or the next free one. */
    public static GraphSettings embedded(Path dataDir) {
        return new GraphSettings(dataDir, AUTO_BOLT_PORT, null, null, null, null);
    }

    /** An external server. */
    public static GraphSettings external(String uri, String user, String password, String database) {
        return new GraphSettings(null, AUTO_BOLT_PORT, uri, user, password, database);
    }

    public boolean isEmbedded() {
        return uri == null || uri.isBlank();
    }
}
