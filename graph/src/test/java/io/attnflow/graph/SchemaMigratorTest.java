package io.attnflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.graph.schema.SchemaMigrator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;

class SchemaMigratorTest {
    private static TestGraph graph;

    @BeforeAll
    static void start() {
        graph = new TestGraph();
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    @Test
    void everyMigrationIsRecordedOnceAndApplyingAgainChangesNothing() {
        List<SchemaMigrator.Migration> migrations = SchemaMigrator.load();
        assertFalse(migrations.isEmpty());
        long constraints = graph.count("SHOW CONSTRAINTS YIELD name RETURN count(*)");
        long indexes = graph.count("SHOW INDEXES YIELD name RETURN count(*)");

        assertEquals(List.of(), SchemaMigrator.apply(graph.connection), "nothing is left to apply after open()");
        assertEquals(migrations.size(), graph.count("MATCH (m:SchemaMigration) RETURN count(m)"));
        assertEquals(constraints, graph.count("SHOW CONSTRAINTS YIELD name RETURN count(*)"));
        assertEquals(indexes, graph.count("SHOW INDEXES YIELD name RETURN count(*)"));
    }

    @Test
    void aDeletedRecordIsReappliedWithoutError() {
        try (Session s = graph.connection.session()) {
            s.run("MATCH (m:SchemaMigration) DELETE m").consume();
        }
        List<Integer> applied = SchemaMigrator.apply(graph.connection);
        assertEquals(
                SchemaMigrator.load().stream()
                        .map(SchemaMigrator.Migration::version)
                        .toList(),
                applied);
    }

    @Test
    void theTokenKeyGivesAUniqueIndexSeek() {
        try (Session s = graph.connection.session()) {
            String plan = s.run("EXPLAIN MATCH (t:Token {model: 'm', sid: 's', layer: 1, pos: 2}) RETURN t")
                    .consume()
                    .plan()
                    .toString();
            assertTrue(plan.contains("NodeUniqueIndexSeek"), plan);
        }
    }

    @Test
    void statementsAreSplitAtLineEndingSemicolonsWithoutComments() {
        assertEquals(
                List.of("CREATE INDEX a IF NOT EXISTS\nFOR (n:X) ON (n.p)", "CREATE INDEX b"),
                SchemaMigrator.statements(
                        "// header\nCREATE INDEX a IF NOT EXISTS\nFOR (n:X) ON (n.p);\n\nCREATE INDEX b;\n"));
    }
}
