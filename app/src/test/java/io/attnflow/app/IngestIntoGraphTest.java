package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import picocli.CommandLine;

/** Real model output (bundled bge-small and MiniLM) into the in-process Neo4j over Bolt. */
class IngestIntoGraphTest {
    private static final String BGE = "bge-small-en-v1.5";
    private static final String MINILM = "all-minilm-l6-v2";
    private static Neo4j neo4j;
    private static GraphConnection graph;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        graph = GraphConnection.open(
                new io.attnflow.graph.GraphSettings(null, 0, neo4j.boltURI().toString(), null, null, null));
    }

    @AfterAll
    static void stop() {
        graph.close();
        neo4j.close();
    }

    @Test
    void everyStoredWeightIsTheModelsWeightRoundedAndNothingBelowTheFloorIsStored() {
        SentenceInput pair = new SentenceInput("The trophy did not fit in the case.", "It was too big.", "t", "coref");
        try (AttentionModel m = ModelCatalog.standard().open(BGE, LoadOptions.defaults())) {
            ForwardResult r = m.encode(pair);
            GraphWriter writer = new GraphWriter(graph, 0.01);
            writer.ensureModel(m.info());
            writer.write(SentenceMetrics.of(r));
            GraphReader reader = new GraphReader(graph);
            int floorQ = StoredWeights.floorQ(0.01, StoredWeights.SCALE);
            long kept = 0, below = 0;
            for (int l = 1; l <= r.attention().layers(); l++) {
                for (int h = 0; h < r.attention().heads(); h++) {
                    float[][] stored = reader.attention(BGE, pair.id(), l, h).orElseThrow();
                    for (int i = 0; i < r.n(); i++) {
                        for (int j = 0; j < r.n(); j++) {
                            float w = r.attention().weight(l, h, i, j);
                            int q = StoredWeights.quantize(w, StoredWeights.SCALE);
                            if (q >= floorQ) {
                                kept++;
                                assertEquals(
                                        q,
                                        Math.round((double) stored[i][j] * StoredWeights.SCALE),
                                        "l" + l + " h" + h + " " + i + "," + j);
                                assertEquals(
                                        w,
                                        stored[i][j],
                                        0.5 / StoredWeights.SCALE + 1e-7,
                                        "within half the store's resolution");
                            } else {
                                below++;
                                assertEquals(0f, stored[i][j], "below the floor: l" + l + " h" + h + " " + i + "," + j);
                            }
                        }
                    }
                }
            }
            assertTrue(kept > 0 && below > 0, "real attention has weights on both sides of the floor");
            List<GraphReader.StoredToken> tokens = reader.tokens(BGE, pair.id());
            assertEquals(
                    r.tokens().stream().map(t -> t.text()).toList(),
                    tokens.stream().map(GraphReader.StoredToken::text).toList());
        }
    }

    @Test
    void reIngestingIsIdempotentAndTwoModelsShareTheSentenceNodes() throws Exception {
        Path corpus = Files.writeString(
                dir.resolve("few.tsv"),
                "The cat sat on the mat.\t\tsimple\nA man is sleeping.\tA person rests.\tentailment\nShe did not go.\t\tneg\n");
        List<CorpusEntry> entries = CorpusReader.read(corpus);
        IngestPipeline.Options opts = new IngestPipeline.Options(0.01, 5000, false, IngestPipeline.OnError.fail);
        try (AttentionModel bge = ModelCatalog.standard().open(BGE, LoadOptions.defaults());
                AttentionModel mini = ModelCatalog.standard().open(MINILM, LoadOptions.defaults())) {
            IngestPipeline.Summary first = new IngestPipeline(graph, bge, opts, null).run(entries);
            assertEquals(3, first.written());
            GraphReader.Counts counts = new GraphReader(graph).counts();

            IngestPipeline.Summary again = new IngestPipeline(graph, bge, opts, null).run(entries);
            assertEquals(0, again.written());
            assertEquals(3, again.alreadyStored());
            assertEquals(counts, new GraphReader(graph).counts());

            IngestPipeline.Options force = new IngestPipeline.Options(0.01, 700, true, IngestPipeline.OnError.fail);
            assertEquals(
                    3, new IngestPipeline(graph, bge, force, null).run(entries).written());
            assertEquals(counts, new GraphReader(graph).counts(), "a forced re-write replaces, never duplicates");

            IngestPipeline.Summary other = new IngestPipeline(graph, mini, opts, null).run(entries);
            assertEquals(3, other.written());
            GraphReader.Counts both = new GraphReader(graph).counts();
            assertEquals(counts.sentences(), both.sentences(), "the second model shares the Sentence nodes");
            assertEquals(counts.runs() + 3, both.runs());
            assertEquals(counts.attends() + other.rels(), both.attends());
            for (CorpusEntry e : entries) {
                String sid = ((CorpusEntry.Sentence) e).input().id();
                assertEquals(
                        List.of(MINILM, BGE),
                        new GraphReader(graph).sentence(sid).orElseThrow().models());
            }
        }
    }

    @Test
    void aMalformedLineIsReportedWithItsLineNumberAndSkippedOnlyWhenAsked() throws Exception {
        Path corpus = Files.writeString(
                dir.resolve("bad.jsonl"),
                "{\"text\": \"Fine line.\"}\n\n{\"text\": \"broken\"\n{\"text\": \"Also fine.\"}\n");
        String uri = neo4j.boltURI().toString();
        AttentionCommandTest.Run fail = AttentionCommandTest.run(
                "ingest", "--model", MINILM, "--corpus", corpus.toString(), "--neo4j-uri", uri, "--no-progress");
        assertEquals(CommandLine.ExitCode.USAGE, fail.exitCode(), "a malformed line is bad input");
        assertTrue(fail.err().contains("bad.jsonl:3: not valid JSON"), fail.err());
        assertTrue(fail.err().contains("--on-error skip"), fail.err());
        assertEquals(0, countRunsOf("Fine line."), "fail stops before anything is written");

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
        assertTrue(skip.err().contains("skipped bad.jsonl:3: not valid JSON"), skip.err());
        assertTrue(skip.out().contains("ingested 2 sentences") && skip.out().contains("1 skipped"), skip.out());
        assertEquals(1, countRunsOf("Fine line."));
    }

    @Test
    void anUnreachableNeo4jIsNamedInTheError() {
        AttentionCommandTest.Run r = AttentionCommandTest.run(
                "ingest", "--model", MINILM, "--corpus", "../demo/corpus.tsv", "--neo4j-uri", "bolt://127.0.0.1:1");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("cannot reach Neo4j at bolt://127.0.0.1:1"), r.err());
        assertTrue(!r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    private static long countRunsOf(String text) {
        return new GraphReader(graph)
                .sentences(new GraphReader.SentenceFilter(text, MINILM, null, 0, 10))
                .total();
    }
}
