package io.attnflow.graph;

import io.attnflow.graph.schema.SchemaMigrator;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Logging;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * The app's one way into Neo4j: a Java driver over Bolt, whether the store is embedded in this JVM, embedded in
 * another running attnflow process, or an external server (so all three behave the same). Opening it applies the
 * schema migrations. Pass it (or its {@link #driver()}) to the services that need the graph.
 */
public final class GraphConnection implements AutoCloseable {
    private final Driver driver;
    private final String uri;
    private final String database;
    private final EmbeddedNeo4j embedded;
    private final String description;

    private GraphConnection(Driver driver, String uri, String database, EmbeddedNeo4j embedded, String description) {
        this.driver = driver;
        this.uri = uri;
        this.database = database;
        this.embedded = embedded;
        this.description = description;
    }

    /**
     * Connects as the settings say and applies the schema. For the embedded store: when another attnflow process
     * already runs it ({@code bolt.port} in the data directory answers), connects to that process; otherwise opens
     * the store in this JVM.
     *
     * @throws GraphUnavailableException naming the URI or directory and the cause
     */
    public static GraphConnection open(GraphSettings settings) {
        GraphConnection connection = settings.isEmbedded() ? openEmbedded(settings) : openExternal(settings);
        try {
            SchemaMigrator.apply(connection);
        } catch (RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Connects to a server without touching the schema (for tests and tools that only read). */
    public static GraphConnection connect(String uri, String user, String password, String database) {
        Driver driver = driver(uri, auth(user, password));
        verify(driver, uri, database);
        return new GraphConnection(driver, uri, database, null, "Neo4j at " + uri);
    }

    private static GraphConnection openEmbedded(GraphSettings settings) {
        Path dir = settings.dataDir() == null ? Path.of("data") : settings.dataDir();
        Optional<GraphConnection> running = attachToRunning(dir);
        if (running.isPresent()) return running.get();
        EmbeddedNeo4j neo4j = EmbeddedNeo4j.start(dir, settings.boltPort());
        try {
            Driver driver = driver(neo4j.boltUri(), AuthTokens.basic(BoltPassword.USER, neo4j.password()));
            verify(driver, neo4j.boltUri(), null);
            return new GraphConnection(
                    driver,
                    neo4j.boltUri(),
                    null,
                    neo4j,
                    "embedded Neo4j (store " + neo4j.dataDir() + ") on " + neo4j.boltUri() + " (Browser, cypher-shell:"
                            + " user " + BoltPassword.USER + ", password " + neo4j.password() + ", kept in "
                            + neo4j.dataDir().resolve(BoltPassword.FILE) + ")");
        } catch (RuntimeException e) {
            neo4j.close();
            throw e;
        }
    }

    /**
     * The connection to the attnflow process that holds the store in {@code dataDir}, if one answers; it logs in
     * with the password in {@code <dataDir>/bolt.password}.
     *
     * @throws GraphUnavailableException when a process answers but the password file is missing or wrong
     */
    public static Optional<GraphConnection> attachToRunning(Path dataDir) {
        Optional<Integer> port = EmbeddedNeo4j.advertisedPort(dataDir);
        if (port.isEmpty()) return Optional.empty();
        String uri = "bolt://127.0.0.1:" + port.get();
        Optional<String> password = BoltPassword.read(dataDir);
        Driver driver = driver(
                uri, password.map(p -> AuthTokens.basic(BoltPassword.USER, p)).orElse(AuthTokens.none()));
        try {
            driver.verifyConnectivity();
            return Optional.of(new GraphConnection(
                    driver, uri, null, null, "the running attnflow's Neo4j (store " + dataDir + ") on " + uri));
        } catch (org.neo4j.driver.exceptions.AuthenticationException e) {
            driver.close();
            throw new GraphUnavailableException(
                    "the attnflow process on " + uri + " holds the store in " + dataDir + ", but the password in "
                            + dataDir.resolve(BoltPassword.FILE) + (password.isEmpty() ? " is missing" : " is refused")
                            + ": run this command as the user who started that process",
                    e);
        } catch (RuntimeException stale) {
            driver.close();
            EmbeddedNeo4j.deleteStalePortFile(dataDir);
            return Optional.empty();
        }
    }

    private static GraphConnection openExternal(GraphSettings s) {
        Driver driver = driver(s.uri(), auth(s.user(), s.password()));
        verify(driver, s.uri(), s.database());
        String db = s.database() == null || s.database().isBlank() ? null : s.database();
        return new GraphConnection(
                driver, s.uri(), db, null, "Neo4j at " + s.uri() + (db == null ? "" : " (database " + db + ")"));
    }

    private static AuthToken auth(String user, String password) {
        return user == null || user.isBlank()
                ? AuthTokens.none()
                : AuthTokens.basic(user, password == null ? "" : password);
    }

    private static Driver driver(String uri, AuthToken auth) {
        Config config = Config.builder()
                .withConnectionTimeout(10, TimeUnit.SECONDS)
                .withMaxConnectionPoolSize(20)
                // Fail fast while Neo4j is down: the default 30 s of retries held the first request of an outage
                // for 30 s before the API could answer 503.
                .withMaxTransactionRetryTime(3, TimeUnit.SECONDS)
                .withConnectionAcquisitionTimeout(15, TimeUnit.SECONDS)
                // SEVERE: in the embedded JVM the server's own Netty warnings at shutdown would otherwise reach the
                // console.
                .withLogging(Logging.javaUtilLogging(Level.SEVERE))
                .build();
        try {
            return GraphDatabase.driver(uri, auth, config);
        } catch (RuntimeException e) {
            throw new GraphUnavailableException(
                    "cannot connect to Neo4j at " + uri + ": " + EmbeddedNeo4j.rootMessage(e)
                            + ". Use a bolt://, bolt+s://, neo4j:// or neo4j+s:// URI.",
                    e);
        }
    }

    private static void verify(Driver driver, String uri, String database) {
        try {
            driver.verifyConnectivity();
            if (database != null && !database.isBlank()) {
                try (Session s = driver.session(SessionConfig.forDatabase(database))) {
                    s.run("RETURN 1").consume();
                }
            }
        } catch (RuntimeException e) {
            driver.close();
            throw new GraphUnavailableException(
                    "cannot reach Neo4j at " + uri + (database == null ? "" : " (database " + database + ")") + ": "
                            + EmbeddedNeo4j.rootMessage(e)
                            + ". Check that the server runs and that the URI, user and password"
                            + " (--neo4j-user/--neo4j-password or NEO4J_USERNAME/NEO4J_PASSWORD) are right.",
                    e);
        }
    }

    public Driver driver() {
        return driver;
    }

    /** The Bolt URI the driver talks to. */
    public String uri() {
        return uri;
    }

    /** The database name, or null for the server's default database. */
    public String database() {
        return database;
    }

    /** The session configuration for this connection's database. */
    public SessionConfig sessionConfig() {
        return database == null ? SessionConfig.defaultConfig() : SessionConfig.forDatabase(database);
    }

    public Session session() {
        return driver.session(sessionConfig());
    }

    /** The database itself when this JVM holds the store, for writes through Neo4j's Java API. */
    public Optional<org.neo4j.graphdb.GraphDatabaseService> localDatabase() {
        return embedded == null ? Optional.empty() : Optional.of(embedded.database());
    }

    /** The embedded store when this JVM owns it. */
    public Optional<EmbeddedNeo4j> embedded() {
        return Optional.ofNullable(embedded);
    }

    /** A line for the console, e.g. "embedded Neo4j (store /x/data) on bolt://127.0.0.1:7687". */
    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            if (embedded != null) embedded.close();
        }
    }
}
