package io.attnflow.app;

import io.attnflow.api.ApiSettings;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** The HTTP options of {@code attnflow serve} and {@code attnflow demo}. */
final class ServerOptions {
    @Option(
            names = "--host",
            defaultValue = ApiSettings.DEFAULT_HOST,
            paramLabel = "HOST",
            description = "interface to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 exposes the"
                    + " server to the network: set --token then)")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8080",
            paramLabel = "PORT",
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port)")
    int port;

    @Option(
            names = "--token",
            defaultValue = "${env:ATTNFLOW_TOKEN}",
            paramLabel = "TOKEN",
            description = "require 'Authorization: Bearer TOKEN' on every /api call (env ATTNFLOW_TOKEN; prefer the"
                    + " environment to the flag)")
    String token;

    @Option(
            names = "--cors-origin",
            split = ",",
            paramLabel = "ORIGIN",
            description = "allow browser calls from these origins, e.g. http://localhost:8888 (default: none, CORS"
                    + " closed)")
    List<String> corsOrigins;

    @Option(
            names = "--cypher-timeout",
            defaultValue = "10",
            paramLabel = "SECONDS",
            description = "time limit of a read-only Cypher query sent to /api/cypher (default: ${DEFAULT-VALUE})")
    int cypherTimeoutSeconds;

    @Option(
            names = "--cypher-row-limit",
            defaultValue = "" + ReadOnlyCypher.DEFAULT_ROW_LIMIT,
            paramLabel = "ROWS",
            description = "most rows /api/cypher returns (default: ${DEFAULT-VALUE})")
    int cypherRowLimit;

    ApiSettings settings() {
        return new ApiSettings(
                host,
                port,
                token,
                corsOrigins,
                ApiSettings.UI_FOLDER,
                Duration.ofSeconds(cypherTimeoutSeconds),
                cypherRowLimit,
                0);
    }
}
