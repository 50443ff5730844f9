package io.attnflow.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.attnflow.api.ApiServer;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.json.Json;
import io.attnflow.app.ApiWiring;
import io.attnflow.app.CatalogIngestor;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.ingest.ModelCatalog;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * The database goes away under a running server and comes back: the API answers 503 with an ErrorResponse in
 * between (never a stack trace, never a hang), then serves the same data again without a restart.
 */
class DatabaseOutageTest {
    @TempDir
    Path store;

    @Test
    void whileNeo4jIsDownTheApiAnswers503AndOnceItIsBackItServesTheSameTraceAgain() throws Exception {
        int boltPort = freePort();
        DatabaseManagementService[] current = {startStore(boltPort)};
        String uri = "bolt://127.0.0.1:" + boltPort;
        try (GraphConnection connection = GraphConnection.open(GraphSettings.external(uri, null, null, null));
                CatalogIngestor ingestor =
                        new CatalogIngestor(ModelCatalog.standard(), connection, StoredWeights.DEFAULT_FLOOR)) {
            String sid = ingestor.ingest("bge-small-en-v1.5", List.of(SentenceInput.of("The dog barked.")))
                    .get(0)
                    .sid();
            ApiServer server = new ApiServer(
                    ApiSettings.defaults().withPort(0),
                    ApiWiring.services(connection, ApiSettings.defaults(), ingestor));
            String trace = "/api/models/bge-small-en-v1.5/sentences/" + sid + "/trace?tau=0.1";
            JavalinTest.test(server.app(), (s, client) -> {
                var before = client.get(trace);
                assertEquals(200, before.code());
                String body = before.body().string();
                assertTrue(Json.mapper().readTree(body).get("edges").size() > 0);

                current[0].shutdown();
                boolean firstDown = true;
                for (String path : List.of(trace, "/api/health", trace, "/api/models", "/api/sentences")) {
                    long start = System.nanoTime();
                    var down = client.get(path);
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    // the first request waits out the driver's retries; the gate answers the rest at once
                    if (!firstDown) assertTrue(millis < 2000, path + " took " + millis + " ms");
                    firstDown = false;
                    assertEquals(503, down.code(), path);
                    String text = down.body().string();
                    JsonNode error = Json.mapper().readTree(text);
                    assertEquals(503, error.get("status").asInt());
                    assertFalse(error.get("message").asText().isBlank());
                    assertFalse(text.contains("at org.") || text.contains("Exception"), "no stack trace: " + text);
                }

                current[0] = startStore(boltPort); // the same store directory, the same Bolt port
                assertEquals(200, waitForHealth(client), "health recovers without restarting the API");
                var after = client.get(trace);
                assertEquals(200, after.code());
                assertEquals(body, after.body().string(), "the same stored data, the same trace");
            });
        } finally {
            current[0].shutdown();
        }
    }

    /**
     * The store in {@link #store} with Bolt on a fixed loopback port. Neo4j's own server socket reuses the address,
     * so a restart gets the same port although the old connections linger in TIME_WAIT.
     */
    private DatabaseManagementService startStore(int port) {
        return new DatabaseManagementServiceBuilder(store)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, 64L << 20)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int waitForHealth(HttpClient client) throws InterruptedException {
        int code = 0;
        for (int i = 0; i < 50 && code != 200; i++) {
            code = client.get("/api/health").code();
            if (code != 200) Thread.sleep(200);
        }
        return code;
    }
}
