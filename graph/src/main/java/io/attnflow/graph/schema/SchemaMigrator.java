package io.attnflow.graph.schema;

import ac.simons.neo4j.migrations.core.MigrationVersion;
import ac.simons.neo4j.migrations.core.Migrations;
import ac.simons.neo4j.migrations.core.MigrationsConfig;
import ac.simons.neo4j.migrations.core.MigrationsException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import io.attnflow.graph.GraphFailureException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Applies {@code cypher/schema/VNNN__name.cypher} with neo4j-migrations (README, "Libraries and why"): in order of
 * NNN, each once, recorded as a chain of {@code (:__Neo4jMigration)} nodes with the file's checksum, under the
 * library's lock, so two processes starting on one server do not migrate at once and an applied file that was edited
 * afterwards is refused rather than silently skipped. The statements use {@code IF NOT EXISTS}, so a migration
 * interrupted half-way is simply applied again.
 */
public final class SchemaMigrator {
    /** Where the migrations are on the classpath (the repository's {@code cypher/schema}, packaged by graph). */
    public static final String LOCATION = "classpath:cypher/schema";

    /** How long a start waits for another process's migration to finish. */
    static final long LOCK_WAIT_MILLIS = 120_000;

    private static final String LOCK_TAKEN = "Neo.ClientError.Schema.ConstraintValidationFailed";

    /**
     * The library logs every applied file at INFO through java.util.logging, which would reach every command's
     * console; warnings and errors still do. Held in a field, since JUL keeps loggers only weakly.
     */
    private static final Logger LIBRARY_LOG = Logger.getLogger("ac.simons.neo4j.migrations");

    static {
        LIBRARY_LOG.setLevel(Level.WARNING);
    }

    private SchemaMigrator() {}

    /**
     * Applies the migrations not yet recorded in the graph and waits for the indexes they create.
     *
     * @return the schema version now, e.g. {@code 003}
     * @throws GraphFailureException when a migration fails, or an applied file no longer matches its checksum
     */
    public static Optional<String> apply(GraphConnection connection) {
        return GraphErrors.guard("applying the schema migrations", () -> {
            Optional<MigrationVersion> version = applyWaitingForTheLock(connection);
            try (Session session = connection.session()) {
                session.run("CALL db.awaitIndexes(300)").consume();
            }
            return version.map(MigrationVersion::getValue);
        });
    }

    /**
     * Applies the migrations; while another process holds the library's lock (its lock node's uniqueness constraint
     * refuses ours), waits and tries again for up to {@link #LOCK_WAIT_MILLIS}, so that ingest workers started together
     * on one server (`--shard`) all start, the first one migrating and the others finding the work done.
     */
    private static Optional<MigrationVersion> applyWaitingForTheLock(GraphConnection connection) {
        long deadline = System.currentTimeMillis() + LOCK_WAIT_MILLIS;
        while (true) {
            try {
                return migrations(connection).apply();
            } catch (MigrationsException e) {
                if (!lockedByAnother(e) || System.currentTimeMillis() > deadline) {
                    throw new GraphFailureException("the schema migrations failed: " + e.getMessage(), null, e);
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new GraphFailureException("interrupted while waiting for the schema migration lock", null, ie);
            }
        }
    }

    /** The lock node exists already: by the server's status code, never by the message. */
    private static boolean lockedByAnother(MigrationsException e) {
        return e.getCause() instanceof Neo4jException n && LOCK_TAKEN.equals(n.code());
    }

    /** The library configured for this project's migrations on {@code connection}. */
    static Migrations migrations(GraphConnection connection) {
        MigrationsConfig config = MigrationsConfig.builder()
                .withLocationsToScan(LOCATION)
                .withPackagesToScan()
                .withDatabase(connection.database())
                // each statement in its own transaction: a file may drop data and schema alike
                .withTransactionMode(MigrationsConfig.TransactionMode.PER_STATEMENT)
                .build();
        return new Migrations(config, connection.driver());
    }
}
