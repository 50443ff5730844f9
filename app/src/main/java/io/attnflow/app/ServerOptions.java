package io.attnflow.app;

import io.attnflow.api.ApiSettings;
import io.attnflow.api.security.BindPolicy;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The HTTP options of {@code attnflow serve} and {@code attnflow demo}. */
final class ServerOptions {
    @Option(
            names = "--host",
            defaultValue = ApiSettings.DEFAULT_HOST,
            paramLabel = "HOST",
            description = "interface to bind (default: ${DEFAULT-VALUE}, this machine only; any other address, e.g."
                    + " 0.0.0.0, exposes the server to the network and is refused without --token / ATTNFLOW_TOKEN)")
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
            names = "--allowed-host",
            split = ",",
            paramLabel = "NAME",
            description = "also answer requests whose Host header names this host, e.g. the machine's name behind a"
                    + " proxy (default: only the bound address, localhost, 127.0.0.1 and [::1]; others get 421, which"
                    + " stops DNS rebinding)")
    List<String> allowedHosts;

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

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /**
     * The server's settings.
     *
     * @throws picocli.CommandLine.ParameterException for an option out of range, and {@link
     *     io.attnflow.core.query.InvalidInputException} for a non-loopback {@code --host} without a token, before
     *     anything starts
     */
    ApiSettings settings() {
        OptionCheck.port(mixee, "--port", port);
        OptionCheck.atLeast(mixee, "--cypher-timeout", cypherTimeoutSeconds, 1);
        OptionCheck.atLeast(mixee, "--cypher-row-limit", cypherRowLimit, 1);
        BindPolicy.check(host, token == null || token.isBlank() ? null : token);
        return new ApiSettings(
                host,
                port,
                token,
                corsOrigins,
                allowedHosts,
                ApiSettings.UI_FOLDER,
                Duration.ofSeconds(cypherTimeoutSeconds),
                cypherRowLimit,
                0);
    }
}
