package io.attnflow.graph;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * The embedded default: a persistent Neo4j 5 (Community) inside this JVM, with its store in a data directory and
 * Bolt on 127.0.0.1, so the app, Neo4j Browser and cypher-shell all talk to it the same way.
 *
 * <p>Not the test harness: the harness deletes its folder on close. Bolt listens on the loopback interface only and
 * requires the password of {@link BoltPassword}; LOAD CSV can read no file and no URL, and every transaction has a
 * memory cap ({@link StoreMemory}), see docs/DESIGN.md "The embedded store's own walls". While it runs, {@code <dataDir>/bolt.port} holds the port so that
 * other attnflow processes connect to it instead of failing on the locked store; a clean close deletes the file.
 */
public final class EmbeddedNeo4j implements AutoCloseable {
    /** The file that advertises the running store's Bolt port. */
    public static final String BOLT_PORT_FILE = "bolt.port";

    /**
     * How often the store checks its running transactions against their timeouts (Neo4j's default is 2 s, so a
     * short budget, such as the web UI's for the traces it fetches ahead, would only be enforced that late).
     */
    public static final Duration TIMEOUT_CHECK_INTERVAL = Duration.ofMillis(100);

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final DatabaseManagementService dbms;
    private final int boltPort;
    private final String password;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private EmbeddedNeo4j(Path dataDir, DatabaseManagementService dbms, int boltPort, String password) {
        this.dataDir = dataDir;
        this.password = password;
        this.dbms = dbms;
        this.boltPort = boltPort;
        this.shutdownHook = new Thread(this::shutdownBounded, "attnflow-neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Opens (or creates) the store in {@code dataDir}, with Bolt on {@code port}: {@link GraphSettings#AUTO_BOLT_PORT}
     * takes {@link GraphSettings#DEFAULT_BOLT_PORT} or the next free port above it, 0 any free port, and any other
     * port exactly that one (an error when it is busy). Bolt requires the password of {@link BoltPassword}, created
     * on the first start (also for a store created before passwords).
     */
    public static EmbeddedNeo4j start(Path dataDir, int port) {
        Path dir = dataDir.toAbsolutePath().normalize();
        int listen = port == GraphSettings.AUTO_BOLT_PORT
                ? BoltPorts.freeFrom(GraphSettings.DEFAULT_BOLT_PORT)
                : port == 0 ? 0 : BoltPorts.requireFree(port);
        DatabaseManagementService dbms;
        String password;
        try {
            Files.createDirectories(dir);
            requireWritable(dir);
            password = BoltPassword.ensure(dir);
            Path importDir = Files.createDirectories(dir.resolve("import"));
            dbms = EmbeddedSettings.builder(dir, listen, importDir).build();
            io.attnflow.graph.heads.GdsProcedures.register(dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME));
        } catch (GraphUnavailableException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new GraphUnavailableException(
                    "cannot open the embedded Neo4j store in " + dir + ": " + rootMessage(e)
                            + (port > 0 && BoltPorts.isBindFailure(e)
                                    ? ". Bolt port " + port + " is in use: choose another with --bolt-port, or omit"
                                            + " it to take a free one"
                                    : ". If another attnflow process uses it, stop that process or point this one"
                                            + " at it with --neo4j-uri bolt://127.0.0.1:<its Bolt port>."),
                    e);
        }
        try {
            setPassword(dbms, password);
        } catch (RuntimeException e) {
            dbms.shutdown();
            throw new GraphUnavailableException(
                    "cannot set the Bolt password of the store in " + dir + ": " + rootMessage(e), e);
        }
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        int actual = db instanceof org.neo4j.kernel.internal.GraphDatabaseAPI api
                ? api.getDependencyResolver()
                        .resolveDependency(ConnectorPortRegister.class)
                        .getLocalAddress(ConnectorType.BOLT)
                        .getPort()
                : listen;
        EmbeddedNeo4j neo4j = new EmbeddedNeo4j(dir, dbms, actual, password);
        neo4j.writePortFile();
        return neo4j;
    }

    /** Makes the password file's password the store user's (idempotent; a store without one gets it here). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER " + BoltPassword.USER + " SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
        } catch (RuntimeException e) {
            if (!String.valueOf(rootMessage(e)).toLowerCase(Locale.ROOT).contains("same")) throw e;
        }
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

    /** The password of the user {@link BoltPassword#USER}, also in {@code <dataDir>/bolt.password}. */
    public String password() {
        return password;
    }

    /** The default database, for writes through Neo4j's Java API in this JVM. */
    public GraphDatabaseService database() {
        return dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
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

    /**
     * The shutdown hook's close: a stop signal must stop the JVM even when Neo4j cannot finish (a full disk fails
     * its last checkpoint, and its shutdown would otherwise retry forever).
     */
    private void shutdownBounded() {
        Thread closer = new Thread(this::shutdown, "attnflow-neo4j-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(SHUTDOWN_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            System.err.println("error: Neo4j did not close within " + SHUTDOWN_WAIT.toSeconds() + " s (is the disk of "
                    + dataDir + " full?); stopping without it. The store recovers from its transaction log on the"
                    + " next start.");
            Runtime.getRuntime().halt(1);
        }
    }

    private static void requireWritable(Path dir) throws IOException {
        try {
            Files.delete(Files.createTempFile(dir, ".write-probe", ""));
        } catch (IOException e) {
            throw new GraphUnavailableException(
                    "the data directory " + dir + " is not writable ("
                            + e.getClass().getSimpleName() + ": "
                            + e.getMessage() + "); the embedded store needs to write there: give a writable"
                            + " --data-dir",
                    e);
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

    /** Page cache: 512 MiB unless {@code -Dattnflow.pagecache=256m} (Neo4j's byte-size syntax) says otherwise. */
    static long pageCacheBytes() {
        String value = System.getProperty("attnflow.pagecache", "512m");
        try {
            return ByteUnit.parse(value);
        } catch (IllegalArgumentException e) {
            throw new GraphUnavailableException(
                    "-Dattnflow.pagecache=" + value + " is not a size: give e.g. 512m, 1g or 268435456", e);
        }
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
