package io.attnflow.app;

import picocli.CommandLine.Command;

/** {@code attnflow serve}: the HTTP API and the web UI over the graph, until Ctrl-C. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the web UI and the HTTP API (OpenAPI at /openapi.json, docs at /docs) over the graph.")
final class ServeCommand extends ServingCommand {
    @Override
    public Integer call() {
        return Serving.serve(graph, server, spec.commandLine().getOut(), connection -> {});
    }
}
