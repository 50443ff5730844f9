package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -9} of a separate {@code attnflow ingest} JVM in the middle of the demo corpus, then a re-run:
 * the graph ends with exactly the nodes and relationships the model's attention implies, as if nothing happened.
 */
class CrashResumeTest {
    private static final String MODEL = "all-minilm-l6-v2";
    private static final Path CORPUS = Path.of("..", "demo", "corpus.tsv");
    private static final double FLOOR = 0.01;

    @Test
    void aKilledIngestResumesToExactlyTheExpectedCounts(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        List<String> command = AppJvm.command(
                "ingest",
                "--model",
                MODEL,
                "--corpus",
                CORPUS.toString(),
                "--data-dir",
                data.toString(),
                "--bolt-port",
                "0",
                "--no-progress");
        Process ingest = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ingest.log").toFile())
                .start();
        long runsAtKill = -1;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10); // model load and first group under load
        while (ingest.isAlive() && System.nanoTime() < deadline) {
            Optional<GraphConnection> live = GraphConnection.attachToRunning(data);
            if (live.isPresent()) {
                try (GraphConnection c = live.get()) {
                    long runs = new GraphReader(c).counts().runs();
                    if (runs >= 5) {
                        ingest.destroyForcibly(); // SIGKILL: no shutdown hook, no clean store close
                        runsAtKill = runs;
                        break;
                    }
                } catch (RuntimeException stillStarting) {
                    // the store may be between start and schema; poll again
                }
            }
            Thread.sleep(200);
        }
        assertTrue(ingest.waitFor(60, TimeUnit.SECONDS));
        assertTrue(runsAtKill >= 5, "the ingest was killed mid-corpus (log: " + dir.resolve("ingest.log") + ")");
        assertEquals(137, ingest.exitValue(), "killed by SIGKILL");

        // what the killed ingest left is whole sentences only: every token, edge and head stat belongs to a Run
        // (the writer groups sentences into one transaction, and a group is committed whole or not at all)
        try (GraphConnection c = GraphConnection.open(new GraphSettings(data, 0, null, null, null, null));
                org.neo4j.driver.Session s = c.session()) {
            org.neo4j.driver.Record left = s.run(
                            """
                            MATCH (r:Run)
                            RETURN count(r) AS runs, sum(r.n * (r.layers + 1)) AS tokens, sum(r.rels) AS rels,
                                   sum(r.layers * r.heads) AS stats""")
                    .single();
            GraphReader.Counts counts = new GraphReader(c).counts();
            assertTrue(left.get("runs").asLong() >= runsAtKill, "committed Runs survive the kill");
            assertEquals(left.get("runs").asLong(), counts.sentences(), "no Sentence without its Run");
            assertEquals(left.get("tokens").asLong(), counts.tokens(), "no token of an unfinished sentence");
            assertEquals(left.get("rels").asLong(), counts.attends(), "no edge of an unfinished sentence");
            assertEquals(left.get("stats").asLong(), counts.headStats(), "no head stat of an unfinished sentence");
        }

        Expected expected = expectedCounts();
        assertTrue(
                runsAtKill < expected.sentences, "killed before the end: " + runsAtKill + " of " + expected.sentences);

        AttentionCommandTest.Run resumed = AttentionCommandTest.run(
                "ingest",
                "--model",
                MODEL,
                "--corpus",
                CORPUS.toString(),
                "--data-dir",
                data.toString(),
                "--bolt-port",
                "0",
                "--no-progress");
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertTrue(resumed.err().contains("sentences are already stored"), resumed.err());

        try (GraphConnection c = GraphConnection.open(new GraphSettings(data, 0, null, null, null, null))) {
            GraphReader.Counts counts = new GraphReader(c).counts();
            assertEquals(1, counts.models());
            assertEquals(expected.sentences, counts.sentences());
            assertEquals(expected.sentences, counts.runs());
            assertEquals(expected.tokens, counts.tokens());
            assertEquals(expected.rels, counts.attends());
            assertEquals(expected.headStats, counts.headStats());
            assertFalse(new File(data.toFile(), "bolt.port").exists()
                    && c.embedded().isEmpty());
        }
    }

    private record Expected(long sentences, long tokens, long rels, long headStats) {}

    /** What the corpus must produce, computed from the model's attention directly (not from the writer). */
    private static Expected expectedCounts() {
        Map<String, CorpusEntry.Sentence> unique = new LinkedHashMap<>();
        for (CorpusEntry e : CorpusReader.read(CORPUS)) {
            CorpusEntry.Sentence s = (CorpusEntry.Sentence) e;
            unique.putIfAbsent(s.input().id(), s);
        }
        long tokens = 0, rels = 0, stats = 0;
        int floorQ = StoredWeights.floorQ(FLOOR, StoredWeights.SCALE);
        try (AttentionModel m = ModelCatalog.standard().open(MODEL, LoadOptions.defaults())) {
            for (CorpusEntry.Sentence s : unique.values()) {
                ForwardResult r = m.encode(s.input());
                int L = r.attention().layers(), H = r.attention().heads(), n = r.n();
                tokens += (long) n * (L + 1);
                stats += (long) L * H;
                for (int l = 1; l <= L; l++) {
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            boolean any = false;
                            for (int h = 0; h < H && !any; h++) {
                                any = StoredWeights.quantize(r.attention().weight(l, h, i, j), StoredWeights.SCALE)
                                        >= floorQ;
                            }
                            if (any) rels++;
                        }
                    }
                }
            }
        }
        return new Expected(unique.size(), tokens, rels, stats);
    }
}
