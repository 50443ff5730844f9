package io.attnflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.graph.schema.SchemaMigrator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;

/** The schema migrations through neo4j-migrations, on a real Neo4j over Bolt (a fresh harness per test). */
class SchemaMigratorTest {
    /** The migration files as the repository has them, e.g. {@code V002__indexes.cypher}. */
    private static List<String> files() {
        try (Stream<Path> files = Files.list(ClasspathFolder.open("cypher/schema"))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__\\w+\\.cypher"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version the last file names, e.g. {@code 003} for {@code V003__x.cypher}. */
    private static String lastVersion() {
        List<String> f = files();
        String last = f.get(f.size() - 1);
        return last.substring(1, last.indexOf("__"));
    }

    @Test
    void everyFileIsRecordedOnceWithItsChecksumAndApplyingAgainChangesNothing() {
        try (TestGraph graph = new TestGraph()) {
            assertFalse(files().isEmpty());
            assertEquals(
                    files().size(),
                    graph.count("MATCH (m:__Neo4jMigration) WHERE m.version <> 'BASELINE' AND m.checksum IS NOT NULL"
                            + " RETURN count(m)"),
                    "one record with a checksum per file, after open()");
            long constraints = graph.count("SHOW CONSTRAINTS YIELD name RETURN count(*)");
            long indexes = graph.count("SHOW INDEXES YIELD name RETURN count(*)");

            assertEquals(Optional.of(lastVersion()), SchemaMigrator.apply(graph.connection));
            assertEquals(
                    files().size(),
                    graph.count("MATCH (m:__Neo4jMigration) WHERE m.version <> 'BASELINE'" + " RETURN count(m)"));
            assertEquals(constraints, graph.count("SHOW CONSTRAINTS YIELD name RETURN count(*)"));
            assertEquals(indexes, graph.count("SHOW INDEXES YIELD name RETURN count(*)"));
            assertEquals(0, graph.count("MATCH (l:__Neo4jMigrationsLock) RETURN count(l)"), "the lock is released");
        }
    }

    @Test
    void aStoreOfTheHandWrittenMigratorIsMigratedAndLosesItsOldRecords() {
        try (TestGraph graph = new TestGraph()) {
            try (Session s = graph.connection.session()) {
                // what the hand-written migrator left: its records, their constraint, and no library chain
                s.run("MATCH (n) WHERE n:__Neo4jMigration OR n:__Neo4jMigrationsLock DETACH DELETE n")
                        .consume();
                s.run("CREATE CONSTRAINT schema_migration_version IF NOT EXISTS"
                                + " FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE")
                        .consume();
                s.run("UNWIND [1, 2] AS v CREATE (:SchemaMigration {version: v, name: 'old', appliedAt: datetime()})")
                        .consume();
                s.run("CREATE (:Model {id: 'kept'})").consume();
            }
            assertEquals(Optional.of(lastVersion()), SchemaMigrator.apply(graph.connection));
            assertEquals(0, graph.count("MATCH (m:SchemaMigration) RETURN count(m)"));
            assertEquals(
                    0,
                    graph.count("SHOW CONSTRAINTS YIELD name WHERE name = 'schema_migration_version' RETURN count(*)"));
            assertEquals(1, graph.count("MATCH (m:Model {id: 'kept'}) RETURN count(m)"), "the data stays");
        }
    }

    @Test
    void anAppliedFileThatChangedIsRefusedByItsChecksum() {
        try (TestGraph graph = new TestGraph()) {
            try (Session s = graph.connection.session()) {
                s.run("MATCH (m:__Neo4jMigration {version: '001'}) SET m.checksum = '1'")
                        .consume();
            }
            GraphFailureException e =
                    assertThrows(GraphFailureException.class, () -> SchemaMigrator.apply(graph.connection));
            assertTrue(e.getMessage().toLowerCase(Locale.ROOT).contains("checksum"), e.getMessage());
        }
    }

    @Test
    void theTokenKeyGivesAUniqueIndexSeek() {
        try (TestGraph graph = new TestGraph();
                Session s = graph.connection.session()) {
            String plan = s.run("EXPLAIN MATCH (t:Token {model: 'm', sid: 's', layer: 1, pos: 2}) RETURN t")
                    .consume()
                    .plan()
                    .toString();
            assertTrue(plan.contains("NodeUniqueIndexSeek"), plan);
        }
    }
}
