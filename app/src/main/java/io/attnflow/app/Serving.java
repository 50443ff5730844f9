package io.attnflow.app;

import io.attnflow.api.ApiServer;
import io.attnflow.api.ApiSettings;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.ingest.ModelCatalog;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** Runs the server until the JVM is asked to stop (Ctrl-C, SIGTERM), then stops it before the graph closes. */
final class Serving {
    private Serving() {}

    /**
     * The wiring of {@code serve} and {@code demo}: checks the server options (a refused {@code --host} fails before
     * the store opens), opens the graph, runs {@code first} on it (the demo's ingest), then serves until stopped.
     */
    static int serve(GraphOptions graph, ServerOptions server, PrintWriter out, Consumer<GraphConnection> first) {
        ApiSettings settings = server.settings();
        try (GraphConnection connection = graph.open()) {
            out.println("graph: " + connection.description());
            out.flush();
            first.accept(connection);
            return serveUntilStopped(connection, settings, out);
        }
    }

    static int serveUntilStopped(GraphConnection connection, ApiSettings settings, PrintWriter out) {
        CountDownLatch stopped = new CountDownLatch(1);
        try (CatalogIngestor ingestor =
                        new CatalogIngestor(ModelCatalog.standard(), connection, StoredWeights.DEFAULT_FLOOR);
                ApiServer server = new ApiServer(settings, ApiWiring.services(connection, settings, ingestor))) {
            server.start();
            out.println("Attention Flows is serving " + server.url());
            out.println("  API docs: " + server.url() + "docs   OpenAPI: " + server.url() + "openapi.json");
            if (settings.token() != null) out.println("  /api calls need 'Authorization: Bearer <token>'");
            out.println("Press Ctrl-C to stop.");
            out.flush();
            Thread hook = new Thread(
                    () -> {
                        server.close(); // finish and refuse requests before the graph goes away
                        stopped.countDown();
                    },
                    "attnflow-serve-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
