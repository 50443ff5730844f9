package io.attnflow.graph;

import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * The settings {@link EmbeddedNeo4j} starts its store with: Bolt on the loopback interface with authentication,
 * no HTTP, LOAD CSV confined to an empty import root, the memory caps of {@link StoreMemory}, the page cache, and
 * bounded transaction logs (docs/DESIGN.md "The embedded store's own walls").
 */
final class EmbeddedSettings {
    private EmbeddedSettings() {}

    /**
     * A builder for the store in {@code dir} with Bolt on 127.0.0.1:{@code listen} (0: any free port) and LOAD
     * CSV's file root {@code importDir}.
     *
     * @throws GraphUnavailableException when {@code -Dattnflow.pagecache} is not a size
     */
    static DatabaseManagementServiceBuilder builder(Path dir, int listen, Path importDir) {
        StoreMemory memory = StoreMemory.fromHeap(Runtime.getRuntime().maxMemory());
        return new DatabaseManagementServiceBuilder(dir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", listen))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", listen))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // No lock-out: the password is 192 random bits, and a lock-out after failed logins would let any
                // local web page (Bolt over WebSocket) lock the app itself out of its store.
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                // LOAD CSV may read neither files nor (through the URL) anything else: an empty import root
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root, importDir)
                .setConfig(GraphDatabaseSettings.memory_transaction_max_size, memory.perTransaction())
                .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, memory.total())
                .setConfig(GraphDatabaseSettings.pagecache_memory, EmbeddedNeo4j.pageCacheBytes())
                .setConfig(
                        GraphDatabaseSettings.dense_node_threshold,
                        Integer.getInteger("attnflow.denseNodeThreshold", 50))
                // The transaction logs otherwise grow larger than the store (docs/DESIGN.md).
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                // Close in ~0.3 s instead of ~10 s.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                // Query time budgets are enforced within 0.1 s (docs/DESIGN.md, "Traces fetched ahead have a time
                // budget").
                .setConfig(
                        GraphDatabaseSettings.transaction_monitor_check_interval, EmbeddedNeo4j.TIMEOUT_CHECK_INTERVAL)
                // Graph Data Science for the head graph (docs/DESIGN.md, The head graph)
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, java.util.List.of("gds.*"));
    }
}
