package io.attnflow.app;

import io.attnflow.api.ApiSettings;
import io.attnflow.graph.GraphConnection;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code attnflow serve}: the HTTP API and the web UI over the graph, until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the web UI and the HTTP API (OpenAPI at /openapi.json, docs at /docs) over the graph.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    GraphOptions graph;

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ApiSettings settings = server.settings(); // a refused --host fails before the store opens
        try (GraphConnection connection = graph.open()) {
            out.println("graph: " + connection.description());
            return Serving.serveUntilStopped(connection, settings, out);
        }
    }
}
