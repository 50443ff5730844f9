package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.query.InvalidInputException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Session;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * {@code attnflow ingest --shard i/N}: two separate {@code attnflow ingest} JVMs, shards 0/2 and 1/2, run at the same
 * time against one Neo4j server over Bolt (neo4j-harness); the graph then holds exactly what one unsharded ingest of
 * the same corpus writes, and the two workers wrote disjoint sentences that together make the corpus.
 */
class ShardedIngestTest {
    private static final String MODEL = "all-minilm-l6-v2";
    private static final Pattern INGESTED = Pattern.compile("ingested (\\d+) sentences");

    @Test
    void twoShardWorkersWriteExactlyWhatOneUnshardedIngestWrites(@TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("shard-corpus.tsv");
        List<String> lines = Files.readAllLines(Path.of("..", "demo", "corpus.tsv")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .limit(14)
                .toList();
        Files.write(corpus, lines);
        Set<String> ids = new HashSet<>();
        for (CorpusEntry e : CorpusReader.read(corpus))
            ids.add(((CorpusEntry.Sentence) e).input().id());

        try (Neo4j server =
                Neo4jBuilders.newInProcessBuilder().withDisabledServer().build()) {
            String uri = server.boltURI().toString();
            // the schema once, before the workers (docs/SCALING.md: workers share an already prepared database)
            GraphConnection.open(GraphSettings.external(uri, null, null, null)).close();
            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) workers.add(worker(dir, corpus, uri, i + "/2"));
            List<Integer> written = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Process p = workers.get(i);
                assertTrue(p.waitFor(10, TimeUnit.MINUTES), "worker " + i + " finished");
                String log = Files.readString(dir.resolve("worker" + i + ".log"));
                assertEquals(0, p.exitValue(), log);
                Matcher m = INGESTED.matcher(log);
                assertTrue(m.find(), log);
                written.add(Integer.parseInt(m.group(1)));
            }
            assertTrue(written.get(0) > 0 && written.get(1) > 0, "both shards hold sentences: " + written);
            assertEquals(ids.size(), written.get(0) + written.get(1), "the shards are disjoint and cover the corpus");

            GraphReader.Counts sharded;
            Set<String> shardedRuns;
            try (GraphConnection c = GraphConnection.open(GraphSettings.external(uri, null, null, null))) {
                sharded = new GraphReader(c).counts();
                shardedRuns = runIds(c);
            }

            Path data = dir.resolve("unsharded");
            AttentionCommandTest.Run one = AttentionCommandTest.run(
                    "ingest",
                    "--model",
                    MODEL,
                    "--corpus",
                    corpus.toString(),
                    "--data-dir",
                    data.toString(),
                    "--bolt-port",
                    "0",
                    "--no-progress");
            assertEquals(0, one.exitCode(), one.err());
            try (GraphConnection c = GraphConnection.open(new GraphSettings(data, 0, null, null, null, null))) {
                assertEquals(new GraphReader(c).counts(), sharded);
                assertEquals(runIds(c), shardedRuns);
            }
            assertEquals(ids, shardedRuns);
        }
    }

    @Test
    void shardsPartitionIdsAndBadValuesAreRefusedInOneLine() {
        Set<Integer> seen = new HashSet<>();
        for (String id : List.of("0000000000000000", "ffffffff00000000", "1234abcd99999999", "7fffffffaaaaaaaa")) {
            int owners = 0;
            for (int i = 0; i < 3; i++) {
                if (new Shard(i, 3).contains(id)) {
                    owners++;
                    seen.add(i);
                    assertEquals(Long.parseLong(id.substring(0, 8), 16) % 3, i);
                }
            }
            assertEquals(1, owners, id + " is in exactly one shard");
        }
        assertEquals(Shard.parse(" 2/5 "), new Shard(2, 5));
        for (String bad : List.of("2/2", "-1/3", "1/0", "a/b", "1", "1/2/3", "")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Shard.parse(bad));
            assertTrue(e.getMessage().startsWith("--shard must be i/N"), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), "one line");
        }
        AttentionCommandTest.Run r = AttentionCommandTest.run(
                "ingest", "--model", MODEL, "--corpus", "x.tsv", "--shard", "3/3", "--neo4j-uri", "bolt://127.0.0.1:1");
        assertEquals(2, r.exitCode(), "bad input exits 2");
        assertTrue(r.err().contains("--shard must be i/N with N >= 1 and 0 <= i < N"), r.err());
    }

    private static Process worker(Path dir, Path corpus, String uri, String shard) throws Exception {
        List<String> command = AppJvm.command(
                "ingest",
                "--model",
                MODEL,
                "--corpus",
                corpus.toString(),
                "--neo4j-uri",
                uri,
                "--shard",
                shard,
                "--no-progress");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("worker" + shard.charAt(0) + ".log").toFile())
                .start();
    }

    private static Set<String> runIds(GraphConnection c) {
        try (Session s = c.session()) {
            return new HashSet<>(s.run("MATCH (r:Run) RETURN r.sid AS sid")
                    .list(r -> r.get("sid").asString()));
        }
    }
}
