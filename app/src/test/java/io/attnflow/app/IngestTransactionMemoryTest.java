package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.Session;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import picocli.CommandLine;

/**
 * {@code attnflow ingest} into a store whose transactions may use only {@value #LIMIT_MIB} MiB: a sentence too large
 * for one transaction stops the ingest with one line (where, how big, the fix) and nothing of it written, or is
 * skipped with {@code --on-error skip}; the sentences around it are stored whole.
 */
class IngestTransactionMemoryTest {
    private static final String MINILM = "all-minilm-l6-v2";
    private static final long LIMIT_MIB = 4;
    private static final String LONG =
            "When the committee finally met again in the spring, nobody could remember who had proposed the budget,"
                    + " why it had been approved so quickly, or where the money for the new library had gone.";
    private static Neo4j neo4j;
    private static GraphConnection graph;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        neo4j = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.memory_transaction_max_size, LIMIT_MIB << 20)
                .build();
        graph = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
    }

    @AfterAll
    static void stop() {
        graph.close();
        neo4j.close();
    }

    @Test
    void aSentenceTooLargeForOneTransactionStopsTheIngestInOneLineOrIsSkipped() throws Exception {
        Path corpus = Files.write(dir.resolve("c.txt"), List.of("Hi there.", LONG, "Ok then."));
        String uri = neo4j.boltURI().toString();

        AttentionCommandTest.Run fail = AttentionCommandTest.run(
                "ingest", "--model", MINILM, "--corpus", corpus.toString(), "--neo4j-uri", uri, "--no-progress");

        assertEquals(CommandLine.ExitCode.SOFTWARE, fail.exitCode(), fail.err());
        List<String> errors =
                fail.err().lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, errors.size(), fail.err());
        assertFalse(fail.err().contains("\tat "), "no stack trace: " + fail.err());
        String line = errors.get(0);
        for (String named : List.of("c.txt:2", "tokens", "ATTENDS", "MiB", "db.memory.transaction.max", "--floor")) {
            assertTrue(line.contains(named), "names " + named + ": " + line);
        }
        assertFalse(line.contains("Exception"), line);
        assertEquals(List.of("Hi there."), storedTexts(), "the sentence before it is stored, nothing of it");
        assertEquals(0, count("MATCH (s:Sentence {text: $t}) RETURN count(s)", LONG));

        AttentionCommandTest.Run skip = AttentionCommandTest.run(
                "ingest",
                "--model",
                MINILM,
                "--corpus",
                corpus.toString(),
                "--neo4j-uri",
                uri,
                "--on-error",
                "skip",
                "--no-progress");

        assertEquals(0, skip.exitCode(), skip.err());
        assertTrue(skip.err().contains("skipped c.txt:2"), skip.err());
        assertEquals(List.of("Hi there.", "Ok then."), storedTexts());
        assertEquals(0, count("MATCH (s:Sentence {text: $t}) RETURN count(s)", LONG));
        assertEquals(
                count("MATCH (r:Run) RETURN sum(r.rels)", ""),
                count("MATCH ()-[a:ATTENDS]->() RETURN count(a)", ""),
                "each stored Run's relationships are all there");
    }

    private static List<String> storedTexts() {
        try (Session s = graph.session()) {
            return s.run("MATCH (r:Run)-[:OF]->(s:Sentence) RETURN s.text AS t ORDER BY t")
                    .list(r -> r.get("t").asString());
        }
    }

    private static long count(String cypher, String text) {
        try (Session s = graph.session()) {
            return s.run(cypher, java.util.Map.of("t", text)).single().get(0).asLong();
        }
    }
}
