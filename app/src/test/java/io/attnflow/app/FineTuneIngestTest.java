package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.app.AttentionCommandTest.Run;
import io.attnflow.app.finetune.FineTunedFixture;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * {@code attnflow ingest} of a real fine-tune directory (#14 items 4 and 5): the base, each checkpoint and the final
 * model become models of their own, linked to the base by FINE_TUNED_FROM; every Run of a classifier holds the
 * prediction of the project's own forward pass; the corpus's error span marks the tokens it overlaps.
 */
class FineTuneIngestTest {
    static Neo4j neo4j;
    static GraphConnection graph;
    static String uri;
    static Path ft;
    static Path corpus;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void ingest() {
        ft = FineTunedFixture.dir();
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        uri = neo4j.boltURI().toString();
        graph = GraphConnection.open(GraphSettings.external(uri, null, null, null));
        corpus = FineTunedFixture.corpus(tmp);
        Run r = AttentionCommandTest.run(
                "ingest", "--model", ft.toString(), "--corpus", corpus.toString(), "--neo4j-uri", uri, "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
    }

    @AfterAll
    static void stop() {
        graph.close();
        neo4j.close();
    }

    static List<Record> cypher(String q) {
        try (Session s = graph.session()) {
            return s.executeRead(tx -> tx.run(q).list());
        }
    }

    @Test
    void eachSavedStateIsItsOwnModelLinkedToItsBase() {
        List<Record> links = cypher("MATCH (m:Model)-[f:FINE_TUNED_FROM]->(b:Model) RETURN m.id AS m, b.id AS b,"
                + " f.step AS step ORDER BY step");
        // checkpoints/step-2 is the final state itself, so it is stored once, as @final
        assertEquals(
                List.of("lt-tiny@step0", "lt-tiny@final"),
                links.stream().map(r -> r.get("m").asString()).toList());
        assertEquals(
                List.of(0, FineTunedFixture.STEPS),
                links.stream().map(r -> r.get("step").asInt()).toList());
        links.forEach(r -> assertEquals(FineTunedFixture.BASE, r.get("b").asString()));
        GraphReader reader = new GraphReader(graph);
        var stored = reader.model("lt-tiny@final").orElseThrow();
        assertEquals(FineTunedFixture.BASE, stored.fineTunedFrom().model());
        assertEquals(FineTunedFixture.STEPS, stored.fineTunedFrom().step());
        assertNull(reader.model(FineTunedFixture.BASE).orElseThrow().labels(), "the base has no classifier head");
        assertNull(reader.model(FineTunedFixture.BASE).orElseThrow().fineTunedFrom());
    }

    @Test
    void theStoredPredictionIsTheSoftmaxOfTheProjectsOwnForwardPass() {
        GraphReader reader = new GraphReader(graph);
        Map<String, Path> states = Map.of("lt-tiny@step0", ft.resolve("checkpoints/step-0"), "lt-tiny@final", ft);
        for (var state : states.entrySet()) {
            try (AttentionModel m = ModelCatalog.standard()
                    .openAs(state.getValue().toString(), state.getKey(), LoadOptions.defaults())) {
                assertEquals(
                        m.labels(), reader.model(state.getKey()).orElseThrow().labels());
                for (SentenceInput in : inputs()) {
                    ForwardResult r = m.encode(in);
                    double[] p = softmax(r.logits());
                    int best = 0;
                    for (int k = 1; k < p.length; k++) if (p[k] > p[best]) best = k;
                    Record run = cypher("MATCH (r:Run {model: '" + state.getKey() + "', sid: '" + in.id()
                                    + "'}) RETURN r.predicted AS label, r.probabilities AS p, r.correct AS correct")
                            .get(0);
                    assertEquals(m.labels().get(best), run.get("label").asString());
                    List<Double> stored = run.get("p").asList(v -> v.asDouble());
                    for (int k = 0; k < p.length; k++) assertEquals(p[k], stored.get(k), 1e-6);
                    assertEquals(
                            in.label().equals(m.labels().get(best)),
                            run.get("correct").asBoolean());
                    var served = reader.prediction(state.getKey(), in.id()).orElseThrow();
                    assertEquals(in.label(), served.gold());
                    assertEquals(p[best], served.probabilities().get(served.label()), 1e-6);
                }
            }
        }
        assertTrue(
                reader.prediction(FineTunedFixture.BASE, inputs().get(0).id()).isEmpty());
        var sentence = reader.sentence(inputs().get(0).id()).orElseThrow();
        assertEquals(
                List.of("lt-tiny@final", "lt-tiny@step0"),
                sentence.predictions().stream()
                        .map(GraphReader.ModelPrediction::model)
                        .toList());
    }

    @Test
    void theErrorSpanMarksTheTokensItOverlapsAtEveryLayer() {
        for (CorpusEntry e : CorpusReader.read(corpus)) {
            CorpusEntry.Sentence s = (CorpusEntry.Sentence) e;
            for (String model : List.of(FineTunedFixture.BASE, "lt-tiny@final")) {
                List<Record> marked = cypher("MATCH (t:Token {model: '" + model + "', sid: '"
                        + s.input().id()
                        + "'}) WHERE t.marked RETURN t.layer AS layer, t.text AS text, t.start AS start,"
                        + " t.end AS end ORDER BY layer, t.pos");
                if (s.span() == null) {
                    assertTrue(marked.isEmpty(), model + ": no span, no marks");
                    continue;
                }
                List<Record> input =
                        marked.stream().filter(r -> r.get("layer").asInt() == 0).toList();
                String covered =
                        s.input().text().substring(s.span().start(), s.span().end());
                // the marked pieces, joined, are the span's word(s) (the spans here cover whole words)
                assertEquals(
                        covered.toLowerCase(),
                        String.join(
                                "",
                                input.stream()
                                        .map(r -> r.get("text").asString().replace("##", ""))
                                        .toList()));
                assertEquals(input.size() * 7, marked.size(), "marked at layers 0..6");
            }
        }
        var tokens =
                new GraphReader(graph).tokens("lt-tiny@final", inputs().get(0).id());
        assertTrue(tokens.stream().anyMatch(GraphReader.StoredToken::marked));
        assertFalse(tokens.get(0).marked(), "[CLS] is never marked");
    }

    @Test
    void aFineTuneWhoseBaseIsUnknownOrWhoseCheckpointLacksItsTokenizerIsOneLine() throws Exception {
        Path unknownBase = copy(ft, tmp.resolve("bad-base"));
        Path training = unknownBase.resolve("training.json");
        Files.writeString(
                training,
                Files.readString(training)
                        .replace("\"id\":\"" + FineTunedFixture.BASE + "\"", "\"id\":\"no-such-base\"")
                        .replace("\"id\" : \"" + FineTunedFixture.BASE + "\"", "\"id\" : \"no-such-base\""));
        Run r = AttentionCommandTest.run(
                "ingest",
                "--model",
                unknownBase.toString(),
                "--corpus",
                corpus.toString(),
                "--neo4j-uri",
                uri,
                "--no-progress");
        assertEquals(2, r.exitCode(), "bad input exits 2");
        assertOneLine(r.err(), "names the base model 'no-such-base'");

        Path noTokenizer = copy(ft, tmp.resolve("no-tok"));
        Files.delete(noTokenizer.resolve("checkpoints/step-0/tokenizer.json"));
        Run t = AttentionCommandTest.run(
                "ingest",
                "--model",
                noTokenizer.toString(),
                "--corpus",
                corpus.toString(),
                "--neo4j-uri",
                uri,
                "--no-progress");
        assertEquals(2, t.exitCode(), "bad input exits 2");
        assertOneLine(t.err(), "has no tokenizer.json");
        assertTrue(
                cypher("MATCH (m:Model) WHERE m.id STARTS WITH 'no-tok' OR m.id STARTS WITH 'bad-base'" + " RETURN m")
                        .isEmpty(),
                "nothing of a refused fine-tune is stored");
    }

    static List<SentenceInput> inputs() {
        return CorpusReader.read(corpus).stream()
                .map(e -> ((CorpusEntry.Sentence) e).input())
                .toList();
    }

    static double[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (float v : z) max = Math.max(max, v);
        double[] p = new double[z.length];
        for (int k = 0; k < z.length; k++) sum += p[k] = Math.exp(z[k] - max);
        for (int k = 0; k < z.length; k++) p[k] /= sum;
        return p;
    }

    static Path copy(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        return to;
    }

    /** One error line (after the start-up line naming the graph). */
    static void assertOneLine(String err, String contains) {
        String trimmed = err.lines()
                .filter(l -> !l.startsWith("graph: "))
                .reduce("", (a, b) -> a + b + "\n")
                .strip();
        assertTrue(trimmed.startsWith("error: ") && !trimmed.contains("\n") && trimmed.contains(contains), err);
    }
}
