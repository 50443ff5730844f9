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
 * @param allowedHosts   host names a request's {@code Host} header may carry besides the bound address,
 *                       {@code localhost}, 127.0.0.1 and [::1] (e.g. the machine's name behind a proxy)
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
        List<String> allowedHosts,
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
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        cypherTimeout = cypherTimeout == null ? Duration.ofSeconds(10) : cypherTimeout;
        cypherRowLimit = cypherRowLimit <= 0 ? ReadOnlyCypher.DEFAULT_ROW_LIMIT : cypherRowLimit;
        batchLimit = batchLimit <= 0 ? 32 : batchLimit;
    }

    /** Loopback on the default port, no token, no CORS, the bundled UI. */
    public static ApiSettings defaults() {
        return new ApiSettings(DEFAULT_HOST, DEFAULT_PORT, null, List.of(), List.of(), UI_FOLDER, null, 0, 0);
    }

    public ApiSettings withHost(String h) {
        return new ApiSettings(
                h, port, token, corsOrigins, allowedHosts, uiFolder, cypherTimeout, cypherRowLimit, batchLimit);
    }

    public ApiSettings withPort(int p) {
        return new ApiSettings(
                host, p, token, corsOrigins, allowedHosts, uiFolder, cypherTimeout, cypherRowLimit, batchLimit);
    }

    public ApiSettings withToken(String t) {
        return new ApiSettings(
                host, port, t, corsOrigins, allowedHosts, uiFolder, cypherTimeout, cypherRowLimit, batchLimit);
    }

    public ApiSettings withCorsOrigins(List<String> origins) {
        return new ApiSettings(
                host, port, token, origins, allowedHosts, uiFolder, cypherTimeout, cypherRowLimit, batchLimit);
    }

    public ApiSettings withAllowedHosts(List<String> names) {
        return new ApiSettings(
                host, port, token, corsOrigins, names, uiFolder, cypherTimeout, cypherRowLimit, batchLimit);
    }
}
