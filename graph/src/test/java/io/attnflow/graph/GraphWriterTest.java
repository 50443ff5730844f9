package io.attnflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.HeadBehaviour;
import io.attnflow.core.metrics.Rollout;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.graph.write.WriteStats;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * The writer's contract on both write paths: Cypher over Bolt ({@code javaApi = false}) and Neo4j's Java API in the
 * JVM that holds the store ({@code javaApi = true}); both must leave the same graph.
 */
class GraphWriterTest {
    private static final ModelInfo MODEL = TestGraph.model("tiny", 3, 4);
    private static final double FLOOR = 0.01;
    private static TestGraph graph;

    @BeforeAll
    static void start() {
        graph = new TestGraph();
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    @BeforeEach
    void empty() {
        graph.wipe();
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void everyStoredWeightIsTheQuantizedTensorValueAndNothingBelowTheFloorIsStored(boolean javaApi) {
        ForwardResult r = TestGraph.forward(MODEL, SentenceInput.of("the cat sat ."), 7, 1);
        GraphWriter writer = writer(javaApi, GraphWriter.DEFAULT_BATCH);
        writer.ensureModel(MODEL);
        WriteStats stats = writer.write(SentenceMetrics.of(r));

        int n = r.n(), floorQ = StoredWeights.floorQ(FLOOR, StoredWeights.SCALE);
        int[][][][] stored = new int[MODEL.layers() + 1][MODEL.heads()][n][n];
        try (Session s = graph.connection.session()) {
            for (Record rec : s.run(
                            """
                            MATCH (a:Token {model: $m, sid: $sid})-[r:ATTENDS]->(b:Token)
                            RETURN a.layer AS la, a.pos AS j, b.layer AS lb, b.pos AS i, r.q AS q, r.max AS max""",
                            Map.of("m", MODEL.id(), "sid", r.input().id()))
                    .list()) {
                int l = rec.get("lb").asInt();
                assertEquals(l - 1, rec.get("la").asInt(), "edges go up one layer");
                List<Integer> q = rec.get("q").asList(v -> v.asInt());
                assertEquals(MODEL.heads(), q.size());
                assertEquals(
                        q.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                        rec.get("max").asInt());
                for (int h = 0; h < q.size(); h++)
                    stored[l][h][rec.get("i").asInt()][rec.get("j").asInt()] = q.get(h);
            }
        }
        long perHead = 0;
        for (int l = 1; l <= MODEL.layers(); l++) {
            for (int h = 0; h < MODEL.heads(); h++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        int q = StoredWeights.quantize(r.attention().weight(l, h, i, j), StoredWeights.SCALE);
                        int expected = q >= floorQ ? q : 0;
                        assertEquals(
                                expected, stored[l][h][i][j], "layer " + l + " head " + h + " (" + i + "," + j + ")");
                        if (expected > 0) perHead++;
                    }
                }
            }
        }
        assertEquals(perHead, stats.edges());
        assertTrue(
                perHead < (long) MODEL.layers() * MODEL.heads() * n * n,
                "the random attention has entries below the floor");
        assertEquals(stats.rels(), graph.count("MATCH ()-[r:ATTENDS]->() RETURN count(r)"));
        assertEquals((long) n * (MODEL.layers() + 1), graph.count("MATCH (t:Token) RETURN count(t)"));
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void headStatsAndRolloutAreThoseOfTheFullMatrices(boolean javaApi) {
        ForwardResult r = TestGraph.forward(MODEL, SentenceInput.of("a b c"), 6, 2);
        GraphWriter writer = writer(javaApi, GraphWriter.DEFAULT_BATCH);
        writer.ensureModel(MODEL);
        writer.write(SentenceMetrics.of(r));
        HeadBehaviour expected = HeadBehaviour.of(r.attention(), 2, 3, r.tokens());
        double[] rollout = Rollout.of(r.attention()).clsRow();
        try (Session s = graph.connection.session()) {
            Record h = s.run("MATCH (h:HeadStat {model: 'tiny', layer: 2, head: 3}) RETURN h")
                    .single();
            assertEquals(expected.entropy(), h.get("h").get("entropy").asDouble(), 1e-12);
            assertEquals(expected.sep(), h.get("h").get("sep").asDouble(), 1e-12);
            assertEquals(expected.prev(), h.get("h").get("prev").asDouble(), 1e-12);
            assertEquals(expected.punct(), h.get("h").get("punct").asDouble(), 1e-12);
            assertEquals(expected.sepSep(), h.get("h").get("sepSep").asDouble(), 1e-12);
            assertEquals(expected.restSep(), h.get("h").get("restSep").asDouble(), 1e-12);
            List<Double> stored = s.run(
                            "MATCH (t:Token {model: 'tiny', layer: 0}) RETURN t.rollout AS v ORDER BY t.pos")
                    .list(x -> x.get("v").asDouble());
            for (int i = 0; i < rollout.length; i++) assertEquals(rollout[i], stored.get(i), 1e-12);
            assertEquals(
                    0,
                    s.run("MATCH (t:Token {layer: 1}) WHERE t.rollout IS NOT NULL RETURN count(t)")
                            .single()
                            .get(0)
                            .asLong());
        }
        assertEquals((long) MODEL.layers() * MODEL.heads(), graph.count("MATCH (h:HeadStat) RETURN count(h)"));
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void writingTheSameSentenceAgainReplacesItAndTheCountsStayTheSame(boolean javaApi) {
        GraphWriter writer = writer(javaApi, 50);
        writer.ensureModel(MODEL);
        writer.write(SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("one"), 5, 3)));
        writer.write(SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("two"), 6, 4)));
        String counts = counts();
        writer.write(SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("one"), 5, 3)));
        writer.ensureModel(MODEL);
        assertEquals(counts, counts());
        // a different attention for the same sentence replaces the old one entirely
        writer.write(SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("one"), 5, 99)));
        assertEquals(
                1,
                graph.count("MATCH (r:Run {sid: $s}) RETURN count(r)", Map.of("s", SentenceInput.idOf("one", null))));
        assertEquals(2 * MODEL.layers() * MODEL.heads(), graph.count("MATCH (h:HeadStat) RETURN count(h)"));
        assertEquals(4L * 5 + 4L * 6, graph.count("MATCH (t:Token) RETURN count(t)"));
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void aFailureInTheMiddleOfASentenceLeavesNothingOfIt(boolean javaApi) {
        GraphWriter writer = writer(javaApi, 20);
        writer.ensureModel(MODEL);
        writer.write(SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("kept"), 5, 5)));
        String before = counts();
        writer.onStage(stage -> {
            if (stage.equals("attends")) throw new IllegalStateException("power cut after the edges");
        });
        assertThrows(
                IllegalStateException.class,
                () -> writer.write(SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("lost"), 8, 6))));
        assertEquals(before, counts());
        assertEquals(0, graph.count("MATCH (s:Sentence {text: 'lost'}) RETURN count(s)"));
        // and a failed re-write of an existing sentence keeps the old one
        assertThrows(
                IllegalStateException.class,
                () -> writer.write(SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("kept"), 5, 7))));
        assertEquals(before, counts());
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void twoModelsAreSeparateSubgraphsSharingTheSentence(boolean javaApi) {
        ModelInfo other = TestGraph.model("other", 2, 2);
        GraphWriter writer = writer(javaApi, GraphWriter.DEFAULT_BATCH);
        writer.ensureModel(MODEL);
        writer.ensureModel(other);
        SentenceInput input = new SentenceInput("shared words", "and a pair", "demo", "neutral");
        WriteStats a = writer.write(SentenceMetrics.of(TestGraph.forward(MODEL, input, 6, 8)));
        WriteStats b = writer.write(SentenceMetrics.of(TestGraph.forward(other, input, 6, 9)));
        assertEquals(1, graph.count("MATCH (s:Sentence) RETURN count(s)"));
        assertEquals(2, graph.count("MATCH (s:Sentence)<-[:OF]-(r:Run)-[:BY]->(:Model) RETURN count(r)"));
        assertEquals(a.rels(), graph.count("MATCH (:Token {model: 'tiny'})-[r:ATTENDS]->() RETURN count(r)"));
        assertEquals(b.rels(), graph.count("MATCH (:Token {model: 'other'})-[r:ATTENDS]->() RETURN count(r)"));
        assertEquals(0, graph.count("MATCH (a:Token)-[:ATTENDS]->(b:Token) WHERE a.model <> b.model RETURN count(*)"));
        assertEquals(
                1,
                graph.count(
                        "MATCH (s:Sentence {textB: 'and a pair', corpus: 'demo', label: 'neutral'}) RETURN count(s)"));
        assertEquals(Set.of(input.id()), writer.completedSentences("other"));
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void aGroupIsWrittenInOneTransactionWholeOrNotAtAll(boolean javaApi) {
        GraphWriter writer = writer(javaApi, 30);
        writer.ensureModel(MODEL);
        List<SentenceMetrics> group = List.of(
                SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("first"), 5, 11)),
                SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("second"), 7, 12)),
                SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("third"), 6, 13)));
        int[] stats = {0};
        writer.onStage(stage -> {
            if (stage.equals("stats") && ++stats[0] == 3) throw new IllegalStateException("crash in the third");
        });
        assertThrows(IllegalStateException.class, () -> writer.writeAll(group, none(group)));
        assertEquals("0 nodes, 0 rels, 0 q", counts().replaceFirst("^1 nodes", "0 nodes"), "only the Model is left");
        assertEquals(Set.of(), writer.completedSentences(MODEL.id()));

        writer.onStage(null);
        List<WriteStats> written = writer.writeAll(group, none(group));
        assertEquals(3, written.size());
        assertEquals(
                written.stream().mapToLong(WriteStats::rels).sum(),
                graph.count("MATCH ()-[r:ATTENDS]->() RETURN count(r)"));
        assertEquals(3, writer.completedSentences(MODEL.id()).size());
        assertEquals(4L * (5 + 7 + 6), graph.count("MATCH (t:Token) RETURN count(t)"));
    }

    @Test
    void bothWritePathsLeaveTheSameGraphWithTheSameValueTypes() {
        List<SentenceMetrics> sentences = List.of(
                SentenceMetrics.of(
                        TestGraph.forward(MODEL, new SentenceInput("a pair", "of texts", "c", "yes"), 6, 21)),
                SentenceMetrics.of(TestGraph.forward(MODEL, SentenceInput.of("plain"), 5, 22)));
        GraphWriter bolt = writer(false, 7);
        bolt.ensureModel(MODEL);
        bolt.writeAll(sentences, none(sentences));
        List<String> overBolt = dump();
        graph.wipe();
        GraphWriter java = writer(true, 7);
        java.ensureModel(MODEL);
        java.writeAll(sentences, none(sentences));
        assertEquals(overBolt, dump());
        assertTrue(overBolt.size() > 100, "the dump covers the sentences' nodes and edges: " + overBolt.size());
    }

    /** Every node and relationship with its properties and their Cypher types, sorted; ingestedAt left out. */
    private static List<String> dump() {
        try (Session s = graph.connection.session()) {
            List<String> lines = new java.util.ArrayList<>(s.run(
                            """
                            MATCH (n) WHERE NOT n:SchemaMigration
                            RETURN labels(n)[0] AS what, properties(n) AS props,
                                   [k IN keys(n) | k + ':' + valueType(n[k])] AS types""")
                    .list(GraphWriterTest::line));
            lines.addAll(s.run(
                            """
                            MATCH (a)-[r]->(b)
                            RETURN type(r) + ' ' + coalesce(a.sid, a.id) + ':' + coalesce(a.layer, -1) + ':'
                                   + coalesce(a.pos, -1) + ' -> ' + coalesce(b.sid, b.id) + ':' + coalesce(b.layer, -1)
                                   + ':' + coalesce(b.pos, -1) AS what,
                                   properties(r) AS props, [k IN keys(r) | k + ':' + valueType(r[k])] AS types""")
                    .list(GraphWriterTest::line));
            java.util.Collections.sort(lines);
            return lines;
        }
    }

    private static String line(Record r) {
        java.util.TreeMap<String, Object> props =
                new java.util.TreeMap<>(r.get("props").asMap());
        props.remove("ingestedAt");
        java.util.TreeSet<String> types = new java.util.TreeSet<>(r.get("types").asList(v -> v.asString()));
        return r.get("what").asString() + " " + props + " " + types;
    }

    @Test
    void aModelCannotChangeItsFloor() {
        new GraphWriter(graph.connection, FLOOR).ensureModel(MODEL);
        var e = assertThrows(
                io.attnflow.core.query.InvalidInputException.class,
                () -> new GraphWriter(graph.connection, 0.02).ensureModel(MODEL));
        assertTrue(e.getMessage().contains("--floor 0.01"), e.getMessage());
    }

    private static GraphWriter writer(boolean javaApi, int batch) {
        return new GraphWriter(graph.connection, javaApi ? graph.neo4j.defaultDatabaseService() : null, FLOOR, batch);
    }

    private static String counts() {
        return graph.count("MATCH (n) WHERE " + TestGraph.NOT_MIGRATIONS + " RETURN count(n)") + " nodes, "
                + graph.count("MATCH (a)-[r]->() WHERE none(l IN labels(a) WHERE l STARTS WITH '__Neo4jMigration')"
                        + " RETURN count(r)")
                + " rels, "
                + graph.count("MATCH ()-[r:ATTENDS]->() RETURN sum(size(r.q))") + " q";
    }

    /** No prediction and no marks for each sentence of a group. */
    private static List<RunAnnotations> none(List<SentenceMetrics> group) {
        return group.stream().map(m -> RunAnnotations.none(m.forward().n())).toList();
    }
}
