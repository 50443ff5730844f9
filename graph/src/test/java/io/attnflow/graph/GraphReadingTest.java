package io.attnflow.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.cypher.CypherQueryException;
import io.attnflow.graph.cypher.CypherResult;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.graph.read.GraphReader.SentenceFilter;
import io.attnflow.graph.write.GraphWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reader and the read-only Cypher runner over one small stored corpus. */
class GraphReadingTest {
    private static final ModelInfo A = TestGraph.model("model-a", 2, 3);
    private static final ModelInfo B = TestGraph.model("model-b", 2, 3);
    private static final SentenceInput CAT = new SentenceInput("The cat sat.", null, "demo", "simple");
    private static final SentenceInput DOG = new SentenceInput("A dog ran.", "It was fast.", "demo", "pair");
    private static final SentenceInput OTHER = new SentenceInput("Something else.", null, "other", null);
    private static TestGraph graph;
    private static ForwardResult catA;

    @BeforeAll
    static void store() {
        graph = new TestGraph();
        GraphWriter writer = new GraphWriter(graph.connection, 0.01);
        writer.ensureModel(A);
        writer.ensureModel(B);
        catA = TestGraph.forward(A, CAT, 6, 1);
        writer.write(SentenceMetrics.of(catA));
        writer.write(SentenceMetrics.of(TestGraph.forward(A, DOG, 9, 2)));
        writer.write(SentenceMetrics.of(TestGraph.forward(B, CAT, 6, 3)));
        writer.write(SentenceMetrics.of(TestGraph.forward(B, OTHER, 5, 4)));
    }

    @AfterAll
    static void stop() {
        graph.close();
    }

    @Test
    void modelsListTheirFloorAndSentenceCount() {
        GraphReader reader = new GraphReader(graph.connection);
        List<GraphReader.StoredModel> models = reader.models();
        assertEquals(
                List.of("model-a", "model-b"),
                models.stream().map(GraphReader.StoredModel::id).toList());
        GraphReader.StoredModel a = reader.model("model-a").orElseThrow();
        assertEquals(0.01, a.floor());
        assertEquals(StoredWeights.SCALE, a.scale());
        assertEquals(2, a.sentences());
        assertEquals(3, a.heads());
        assertTrue(reader.model("nope").isEmpty());
    }

    @Test
    void sentencesArePagedAndFilteredByTextModelAndCorpus() {
        GraphReader reader = new GraphReader(graph.connection);
        GraphReader.Page<GraphReader.StoredSentence> all = reader.sentences(SentenceFilter.all());
        assertEquals(3, all.total());
        assertEquals(3, all.items().size());
        GraphReader.Page<GraphReader.StoredSentence> page =
                reader.sentences(new SentenceFilter(null, null, null, 1, 1));
        assertEquals(3, page.total());
        assertEquals(1, page.items().size());
        assertEquals(all.items().get(1), page.items().get(0));

        GraphReader.StoredSentence cat = reader.sentences(new SentenceFilter("CAT", null, null, 0, 10))
                .items()
                .get(0);
        assertEquals(CAT.id(), cat.id());
        assertEquals(List.of("model-a", "model-b"), cat.models());
        assertEquals(
                1,
                reader.sentences(new SentenceFilter("fast", null, null, 0, 10)).total(),
                "textB is searched too");
        assertEquals(
                2,
                reader.sentences(new SentenceFilter(null, "model-b", null, 0, 10))
                        .total());
        assertEquals(
                2,
                reader.sentences(new SentenceFilter(null, null, "demo", 0, 10)).total());
        assertEquals(DOG.textB(), reader.sentence(DOG.id()).orElseThrow().textB());
    }

    @Test
    void tokensAndOneHeadsAttentionAreRebuiltFromTheGraph() {
        GraphReader reader = new GraphReader(graph.connection);
        List<GraphReader.StoredToken> tokens = reader.tokens("model-a", CAT.id());
        assertEquals(
                catA.tokens().stream().map(t -> t.text()).toList(),
                tokens.stream().map(GraphReader.StoredToken::text).toList());
        int floorQ = StoredWeights.floorQ(0.01, StoredWeights.SCALE);
        for (int l = 1; l <= A.layers(); l++) {
            for (int h = 0; h < A.heads(); h++) {
                float[][] stored = reader.attention("model-a", CAT.id(), l, h).orElseThrow();
                for (int i = 0; i < catA.n(); i++) {
                    for (int j = 0; j < catA.n(); j++) {
                        int q = StoredWeights.quantize(catA.attention().weight(l, h, i, j), StoredWeights.SCALE);
                        assertEquals(
                                q >= floorQ ? (float) StoredWeights.dequantize(q, StoredWeights.SCALE) : 0f,
                                stored[i][j],
                                1e-7f);
                    }
                }
            }
        }
        assertTrue(reader.tokens("model-a", OTHER.id()).isEmpty());
        assertThrows(
                io.attnflow.core.query.InvalidQueryException.class, () -> reader.attention("model-a", CAT.id(), 3, 0));
    }

    @Test
    void countsAreByLabelAndType() {
        GraphReader.Counts c = new GraphReader(graph.connection).counts();
        assertEquals(2, c.models());
        assertEquals(3, c.sentences());
        assertEquals(4, c.runs());
        assertEquals(3L * (6 + 9 + 6 + 5), c.tokens());
        assertEquals(4L * 2 * 3, c.headStats());
        assertEquals(graph.count("MATCH ()-[r:ATTENDS]->() RETURN count(r)"), c.attends());
    }

    @Test
    void readOnlyCypherReturnsRowsAndTheGraphElementsInThem() {
        CypherResult r = new ReadOnlyCypher(graph.connection)
                .run(
                        "MATCH (a:Token {model: $m, layer: 0})-[e:ATTENDS]->(b) RETURN a, e, b.pos AS pos LIMIT 3",
                        Map.of("m", "model-a"));
        assertEquals(List.of("a", "e", "pos"), r.columns());
        assertEquals(3, r.rows().size());
        assertFalse(r.nodes().isEmpty());
        assertEquals(3, r.relationships().size());
        assertEquals("ATTENDS", r.relationships().get(0).get("type"));
        assertFalse(r.truncated());
    }

    @Test
    void rowsBeyondTheLimitAreCutAndFlagged() {
        CypherResult r =
                new ReadOnlyCypher(graph.connection, Duration.ofSeconds(10), 5).run("MATCH (t:Token) RETURN t.pos");
        assertEquals(5, r.rows().size());
        assertTrue(r.truncated());
    }

    @Test
    void aWriteIsRefusedAndTheGraphIsUnchanged() {
        ReadOnlyCypher cypher = new ReadOnlyCypher(graph.connection);
        String before = snapshot();
        for (String write : List.of(
                "CREATE (:Intruder)",
                "MATCH (s:Sentence) SET s.text = 'changed'",
                "MATCH (t:Token) DETACH DELETE t",
                "MATCH (m:Model) WITH m LIMIT 1 MERGE (m)-[:X]->(:Intruder) RETURN m",
                "CREATE INDEX intruder IF NOT EXISTS FOR (n:Intruder) ON (n.x)")) {
            CypherQueryException e = assertThrows(CypherQueryException.class, () -> cypher.run(write), write);
            assertTrue(e.refused(), write + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith("refused: "), e.getMessage());
            if (!write.startsWith("CREATE INDEX")) assertTrue(e.writeRefused(), write + ": " + e.getMessage());
        }
        assertEquals(before, snapshot());
    }

    @Test
    void theServerItselfAlsoRefusesAWriteInAReadTransaction() {
        // the second lock of ReadOnlyCypher, checked on its own: Community enforces READ access mode
        String before = snapshot();
        try (org.neo4j.driver.Session s = graph.connection
                .driver()
                .session(org.neo4j.driver.SessionConfig.builder()
                        .withDefaultAccessMode(org.neo4j.driver.AccessMode.READ)
                        .build())) {
            org.neo4j.driver.exceptions.ClientException e = assertThrows(
                    org.neo4j.driver.exceptions.ClientException.class,
                    () -> s.executeRead(tx -> tx.run("CREATE (:Intruder)").consume()));
            assertTrue(e.getMessage().toLowerCase().contains("read"), e.getMessage());
        }
        assertEquals(before, snapshot());
    }

    @Test
    void aSyntaxErrorIsReportedInOneLine() {
        CypherQueryException e = assertThrows(
                CypherQueryException.class, () -> new ReadOnlyCypher(graph.connection).run("MATCH (n RETURN n"));
        assertFalse(e.writeRefused());
        assertTrue(e.getMessage().startsWith("the query failed: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static String snapshot() {
        return graph.count("MATCH (n) RETURN count(n)") + "/" + graph.count("MATCH ()-[r]->() RETURN count(r)") + "/"
                + graph.count("SHOW INDEXES YIELD name RETURN count(*)") + "/"
                + graph.count("MATCH (s:Sentence {text: 'changed'}) RETURN count(s)");
    }
}
