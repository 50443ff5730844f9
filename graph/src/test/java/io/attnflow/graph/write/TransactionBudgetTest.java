package io.attnflow.graph.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.TestGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.driver.Session;
import org.neo4j.graphdb.Transaction;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The writer against a real store whose transactions may use only {@value #LIMIT_MIB} MiB ({@code
 * db.memory.transaction.max}), on both write paths: a group larger than one transaction is written whole, sentence by
 * sentence, in several; a sentence larger than one transaction is refused with nothing of it written.
 */
class TransactionBudgetTest {
    private static final long LIMIT_MIB = 8;
    private static final ModelInfo MODEL = TestGraph.model("budget", 4, 12);
    private static final double FLOOR = 0.01;
    private static Neo4j neo4j;
    private static GraphConnection connection;

    @BeforeAll
    static void start() {
        neo4j = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.memory_transaction_max_size, LIMIT_MIB << 20)
                .build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
    }

    @AfterAll
    static void stop() {
        connection.close();
        neo4j.close();
    }

    @BeforeEach
    void empty() {
        wipe();
    }

    private static void wipe() {
        try (Session s = connection.session()) {
            s.run("MATCH (n) WHERE " + TestGraph.NOT_MIGRATIONS
                            + " CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 20 ROWS")
                    .consume();
        }
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void theBudgetIsTheStoresOwnLimit(boolean javaApi) {
        TransactionBudget budget = writer(javaApi).budget();
        assertEquals(LIMIT_MIB << 20, budget.limitBytes(), budget.source());
        assertTrue(budget.source().contains("db.memory.transaction.max"), budget.source());
        assertEquals(javaApi, budget.embedded());
    }

    @Test
    void settingsValuesAreReadAsBytes() {
        assertEquals(268_435_456L, TransactionBudget.bytes("256.00MiB"));
        assertEquals(268_435_456L, TransactionBudget.bytes("268435456"));
        assertEquals(0, TransactionBudget.bytes("0B"));
        assertEquals(3L << 30, TransactionBudget.bytes("3g"));
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void aGroupLargerThanOneTransactionIsWrittenWholeInSeveral(boolean javaApi) {
        GraphWriter writer = writer(javaApi);
        writer.ensureModel(MODEL);
        List<ForwardResult> group = new ArrayList<>();
        for (int k = 0; k < 5; k++) group.add(TestGraph.forward(MODEL, SentenceInput.of("long " + k), 24, 40 + k));
        assertTrue(refusedAsOneTransaction(group), "the store refuses the whole group in one transaction");

        List<WriteStats> written = writer.writeAll(metrics(group), none(group));

        assertEquals(5, written.size());
        assertEquals(5, writer.completedSentences(MODEL.id()).size());
        long rels = 0;
        for (ForwardResult r : group) rels += relationshipsOf(r);
        assertEquals(rels, count("MATCH ()-[r:ATTENDS]->() RETURN count(r)"));
        assertEquals(rels, written.stream().mapToLong(WriteStats::rels).sum());
        assertEquals(5L * 24 * (MODEL.layers() + 1), count("MATCH (t:Token) RETURN count(t)"));
        assertEquals(5L * MODEL.layers() * MODEL.heads(), count("MATCH (h:HeadStat) RETURN count(h)"));
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void aSentenceLargerThanOneTransactionIsRefusedWithNothingOfItWritten(boolean javaApi) {
        GraphWriter writer = writer(javaApi);
        writer.ensureModel(MODEL);
        ForwardResult small = TestGraph.forward(MODEL, SentenceInput.of("small"), 12, 1);
        ForwardResult huge = TestGraph.forward(MODEL, SentenceInput.of("huge"), 64, 2);
        ForwardResult after = TestGraph.forward(MODEL, SentenceInput.of("after"), 10, 3);
        List<ForwardResult> group = List.of(small, huge, after);

        SentenceTooLargeException e =
                assertThrows(SentenceTooLargeException.class, () -> writer.writeAll(metrics(group), none(group)));

        String line = e.getMessage();
        assertEquals(1, line.lines().count(), line);
        assertEquals(huge.input().id(), e.sid());
        for (String named : List.of(huge.input().id(), "64 tokens", "MiB", "db.memory.transaction.max", "--floor")) {
            assertTrue(line.contains(named), "names " + named + ": " + line);
        }
        assertTrue(line.contains(javaApi ? "-Xmx" : "on the server"), line);
        assertEquals(
                List.of(small.input().id()),
                e.written().stream().map(WriteStats::sid).toList());
        assertEquals(java.util.Set.of(small.input().id()), writer.completedSentences(MODEL.id()));
        assertEquals(relationshipsOf(small), count("MATCH ()-[r:ATTENDS]->() RETURN count(r)"));
        assertEquals(0, count("MATCH (s:Sentence {text: 'huge'}) RETURN count(s)"));
        assertEquals(12L * (MODEL.layers() + 1), count("MATCH (t:Token) RETURN count(t)"));
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void whenTheStoreRefusesACommitTheEstimateAllowedTheGroupIsWrittenInSmallerTransactions(boolean javaApi) {
        GraphWriter writer = writer(javaApi);
        writer.ensureModel(MODEL);
        List<ForwardResult> group = new ArrayList<>();
        for (int k = 0; k < 4; k++) group.add(TestGraph.forward(MODEL, SentenceInput.of("more " + k), 24, 60 + k));
        // a budget eight times the store's real cap: the packer puts all four into one transaction, the store refuses
        // it
        TransactionBudget tooGenerous = new TransactionBudget(LIMIT_MIB << 23, "a wrong limit", javaApi);

        List<WriteStats> written = writer.writeAll(metrics(group), none(group), tooGenerous);

        assertEquals(4, written.size());
        long rels = 0;
        for (ForwardResult r : group) rels += relationshipsOf(r);
        assertEquals(rels, count("MATCH ()-[r:ATTENDS]->() RETURN count(r)"));
        assertEquals(4, writer.completedSentences(MODEL.id()).size());
    }

    @ParameterizedTest(name = "javaApi={0}")
    @ValueSource(booleans = {false, true})
    void aSentenceJustWithinTheBudgetCommits(boolean javaApi) {
        GraphWriter writer = writer(javaApi);
        writer.ensureModel(MODEL);
        TransactionBudget budget = writer.budget();
        int n = 8;
        while (estimate(TestGraph.forward(MODEL, SentenceInput.of("edge"), n + 1, 5)) <= budget.usable()) n++;
        ForwardResult largest = TestGraph.forward(MODEL, SentenceInput.of("edge"), n, 5);
        writer.write(SentenceMetrics.of(largest));
        assertEquals(relationshipsOf(largest), count("MATCH ()-[r:ATTENDS]->() RETURN count(r)"));
    }

    /** Whether the store itself refuses these sentences written in one transaction (through the Java API). */
    private static boolean refusedAsOneTransaction(List<ForwardResult> group) {
        try (Transaction tx = neo4j.defaultDatabaseService().beginTx()) {
            for (ForwardResult r : group) {
                CoreApiWrites.write(
                        tx,
                        SentenceRows.of(SentenceMetrics.of(r), RunAnnotations.none(r.n()), FLOOR, StoredWeights.SCALE),
                        stage -> {});
            }
            tx.commit();
        } catch (RuntimeException e) {
            return TransactionPacker.isMemoryRefusal(e);
        }
        wipe(); // it fitted after all: leave nothing behind
        return false;
    }

    /** The ATTENDS relationships a forward result implies: the (layer, i, j) where some head is at the floor. */
    private static long relationshipsOf(ForwardResult r) {
        int floorQ = StoredWeights.floorQ(FLOOR, StoredWeights.SCALE);
        long count = 0;
        var a = r.attention();
        for (int l = 1; l <= a.layers(); l++) {
            for (int i = 0; i < a.n(); i++) {
                for (int j = 0; j < a.n(); j++) {
                    boolean kept = false;
                    for (int h = 0; h < a.heads() && !kept; h++) {
                        kept = StoredWeights.quantize(a.weight(l, h, i, j), StoredWeights.SCALE) >= floorQ;
                    }
                    if (kept) count++;
                }
            }
        }
        return count;
    }

    private static long estimate(ForwardResult r) {
        return TransactionBudget.estimate(
                SentenceRows.of(SentenceMetrics.of(r), RunAnnotations.none(r.n()), FLOOR, StoredWeights.SCALE));
    }

    private static GraphWriter writer(boolean javaApi) {
        return new GraphWriter(connection, javaApi ? neo4j.defaultDatabaseService() : null, FLOOR, 5_000);
    }

    private static long count(String cypher) {
        try (Session s = connection.session()) {
            return s.run(cypher, Map.of()).single().get(0).asLong();
        }
    }

    private static List<SentenceMetrics> metrics(List<ForwardResult> group) {
        return group.stream().map(SentenceMetrics::of).toList();
    }

    private static List<RunAnnotations> none(List<ForwardResult> group) {
        return group.stream().map(r -> RunAnnotations.none(r.n())).toList();
    }
}
