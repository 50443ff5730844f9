package io.attnflow.api;

import io.attnflow.graph.cypher.ReadOnlyCypher;
import java.time.Duration;
import java.util.List;

/**
 * How the HTTP server runs.
 *
 * @param host           the interface to bind: 127.0.0.1 by default, so nothing outside the machine can call it
 * @param port           the port; 0 picks a free one
 * @param token          a bearer token every {@code /api} call must send, or null for none
 * @param corsOrigins    origins allowed to call the API from a browser (CORS); empty keeps CORS closed
 * @param uiFolder       the classpath folder of the static web UI served at {@code /}, or null for none
 * @param cypherTimeout  how long a read-only Cypher query may run
 * @param cypherRowLimit the most rows a read-only Cypher query returns
 * @param batchLimit     the most sentences one POST may ingest
 */
public record ApiSettings(
        String host,
        int port,
        String token,
        List<String> corsOrigins,
        String uiFolder,
        Duration cypherTimeout,
        int cypherRowLimit,
        int batchLimit) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** The UI module's classpath folder. */
    public static final String UI_FOLDER = "/public/attnflow";

    public ApiSettings {
        host = host == null || host.isBlank() ? DEFAULT_HOST : host;
        token = token == null || token.isBlank() ? null : token;
        corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
        cypherTimeout = cypherTimeout == null ? Duration.ofSeconds(10) : cypherTimeout;
        cypherRowLimit = cypherRowLimit <= 0 ? ReadOnlyCypher.DEFAULT_ROW_LIMIT : cypherRowLimit;
        batchLimit = batchLimit <= 0 ? 32 : batchLimit;
    }

    /** Loopback on the default port, no token, no CORS, the bundled UI. */
    public static ApiSettings defaults() {
        return new ApiSettings(DEFAULT_HOST, DEFAULT_PORT, null, List.of(), UI_FOLDER, null, 0, 0);
    }

    public ApiSettings withPort(int p) {
        return new ApiSettings(host, p, token, corsOrigins, uiFolder, cypherTimeout, cypherRowLimit, batchLimit);
    }

    public ApiSettings withToken(String t) {
        return new ApiSettings(host, port, t, corsOrigins, uiFolder, cypherTimeout, cypherRowLimit, batchLimit);
    }

    public ApiSettings withCorsOrigins(List<String> origins) {
        return new ApiSettings(host, port, token, origins, uiFolder, cypherTimeout, cypherRowLimit, batchLimit);
    }
}
