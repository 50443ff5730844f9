package io.attnflow.graph;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * The embedded default: a persistent Neo4j 5 (Community) inside this JVM, with its store in a data directory and
 * Bolt on 127.0.0.1, so the app, Neo4j Browser and cypher-shell all talk to it the same way.
 *
 * <p>Not the test harness: the harness deletes its folder on close (FACTS.md). Authentication is off, which is why
 * Bolt listens on the loopback interface only. While it runs, {@code <dataDir>/bolt.port} holds the port so that
 * other attnflow processes connect to it instead of failing on the locked store; a clean close deletes the file.
 */
public final class EmbeddedNeo4j implements AutoCloseable {
    /** The file that advertises the running store's Bolt port. */
    public static final String BOLT_PORT_FILE = "bolt.port";

    private static final int PORTS_TO_TRY = 20;

    private final Path dataDir;
    private final DatabaseManagementService dbms;
    private final int boltPort;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private EmbeddedNeo4j(Path dataDir, DatabaseManagementService dbms, int boltPort) {
        this.dataDir = dataDir;
        this.dbms = dbms;
        this.boltPort = boltPort;
        this.shutdownHook = new Thread(this::shutdown, "attnflow-neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Opens (or creates) the store in {@code dataDir} with Bolt on {@code preferredPort} or the next free port
     * above it; 0 picks any free port.
     */
    public static EmbeddedNeo4j start(Path dataDir, int preferredPort) {
        Path dir = dataDir.toAbsolutePath().normalize();
        int port = preferredPort == 0 ? 0 : freePortFrom(preferredPort);
        DatabaseManagementService dbms;
        try {
            Files.createDirectories(dir);
            dbms = new DatabaseManagementServiceBuilder(dir)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCacheBytes())
                    .setConfig(
                            GraphDatabaseSettings.dense_node_threshold,
                            Integer.getInteger("attnflow.denseNodeThreshold", 50))
                    // The transaction logs otherwise grow larger than the store (FACTS.md).
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                    .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                    // Close in ~0.3 s instead of ~10 s (FACTS.md).
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(2))
                    .build();
        } catch (IOException | RuntimeException e) {
            throw new GraphUnavailableException(
                    "cannot open the embedded Neo4j store in " + dir + ": " + rootMessage(e)
                            + ". If another attnflow process uses it, stop that process or point this one at it"
                            + " with --neo4j-uri bolt://127.0.0.1:<its Bolt port>.",
                    e);
        }
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        int actual = db instanceof org.neo4j.kernel.internal.GraphDatabaseAPI api
                ? api.getDependencyResolver()
                        .resolveDependency(ConnectorPortRegister.class)
                        .getLocalAddress(ConnectorType.BOLT)
                        .getPort()
                : port;
        EmbeddedNeo4j neo4j = new EmbeddedNeo4j(dir, dbms, actual);
        neo4j.writePortFile();
        return neo4j;
    }

    /**
     * The Bolt port advertised in {@code dataDir} by a running attnflow process, if the file exists. Whether that
     * process still answers is for the caller to check (after a kill -9 the file is stale).
     */
    public static Optional<Integer> advertisedPort(Path dataDir) {
        Path file = dataDir.resolve(BOLT_PORT_FILE);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Integer.parseInt(Files.readString(file).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Deletes a stale {@code bolt.port} file (its process is gone). */
    public static void deleteStalePortFile(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(BOLT_PORT_FILE));
        } catch (IOException ignored) {
            // the next start overwrites it anyway
        }
    }

    public int boltPort() {
        return boltPort;
    }

    public String boltUri() {
        return "bolt://127.0.0.1:" + boltPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * The default database's store files (without transaction logs) in bytes, in a store directory: what "store
     * per sentence" is measured on. Meaningful after a clean close (which checkpoints).
     */
    public static long storeBytes(Path dataDir) {
        return sizeOf(
                dataDir.resolve("data").resolve("databases").resolve(GraphDatabaseSettings.DEFAULT_DATABASE_NAME));
    }

    /** The default database's transaction logs in bytes, in a store directory. */
    public static long txLogBytes(Path dataDir) {
        return sizeOf(
                dataDir.resolve("data").resolve("transactions").resolve(GraphDatabaseSettings.DEFAULT_DATABASE_NAME));
    }

    @Override
    public void close() {
        shutdown();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // called from the hook itself
        }
    }

    private synchronized void shutdown() {
        if (closed) return;
        closed = true;
        try {
            dbms.shutdown();
        } finally {
            try {
                Files.deleteIfExists(dataDir.resolve(BOLT_PORT_FILE));
            } catch (IOException ignored) {
                // a stale file is detected (nothing answers) and replaced on the next start
            }
        }
    }

    private void writePortFile() {
        try {
            Path tmp = dataDir.resolve(BOLT_PORT_FILE + ".tmp");
            Files.writeString(tmp, boltPort + "\n", StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    dataDir.resolve(BOLT_PORT_FILE),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new GraphUnavailableException(
                    "cannot write " + dataDir.resolve(BOLT_PORT_FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Page cache: 512 MiB unless {@code -Dattnflow.pagecache=256m} says otherwise. */
    private static long pageCacheBytes() {
        String value = System.getProperty("attnflow.pagecache", "512m").trim().toLowerCase();
        long unit =
                value.endsWith("g") ? 1L << 30 : value.endsWith("m") ? 1L << 20 : value.endsWith("k") ? 1L << 10 : 1;
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        return Long.parseLong(digits) * unit;
    }

    private static int freePortFrom(int preferred) {
        for (int p = preferred; p < preferred + PORTS_TO_TRY && p < 65536; p++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
                return p;
            } catch (IOException busy) {
                // try the next one
            }
        }
        return 0; // let the OS choose
    }

    private static long sizeOf(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException e) {
            return -1;
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
