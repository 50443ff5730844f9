package io.attnflow.app.query;

import static io.attnflow.app.query.PinnedCorpus.A;
import static io.attnflow.app.query.PinnedCorpus.B;
import static io.attnflow.app.query.PinnedCorpus.CORPUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.query.InvalidInputException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.write.ClsReachBackfill;
import io.attnflow.graph.write.ModelLinks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The analyst queries that read the stored [CLS] reach give the rows their former text computed by tracing every
 * sentence (kept as the oracle in test resources, {@code traced/}), on a real ingested store, at ingest and after
 * {@link ClsReachBackfill} re-computed the values from the stored relationships.
 */
class ClsReachStoredTest {
    static final double[] TAUS = {0.01, 0.05, 0.1, 0.3};

    static Neo4j neo4j;
    static GraphConnection connection;
    static AttentionQueries queries;

    @BeforeAll
    static void ingest() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        queries = AttentionQueries.of(connection);
        PinnedCorpus.ingestMarked(connection, CORPUS);
        new ModelLinks(connection).fineTunedFrom(B, A, 1); // two models for analyst_checkpoint_cls_reach
    }

    @AfterAll
    static void close() {
        connection.close();
        neo4j.close();
    }

    @Test
    void storedReachQueriesEqualTheTracedOnesAtIngestAndAfterABackfill() {
        assertQueriesEqualTheTracedOracle();

        List<List<Object>> ingested = storedReach();
        write("MATCH (t:Token) REMOVE t.clsReach");
        write("MATCH (h:HeadStat) REMOVE h.clsReach");
        write("MATCH (r:Run) REMOVE r.clsReachStored");
        InvalidInputException refused = assertThrows(
                InvalidInputException.class,
                () -> queries.run("analyst_label_heads", params("model", A, "label", "negation", "tau", 0.1)));
        assertTrue(refused.getMessage().contains("attnflow backfill-reach"), refused.getMessage());

        List<int[]> progress = new ArrayList<>();
        ClsReachBackfill.Result r =
                new ClsReachBackfill(connection, 3).run(false, (done, total) -> progress.add(new int[] {done, total}));
        assertEquals(2 * CORPUS.size(), r.runs());
        assertEquals(2 * CORPUS.size(), progress.get(progress.size() - 1)[0]);
        assertEquals(ingested, storedReach(), "the backfill writes what ingest wrote");
        assertEquals(
                0, new ClsReachBackfill(connection, 3).run(false, (d, t) -> {}).runs(), "nothing left to do");
        assertQueriesEqualTheTracedOracle();
    }

    private void assertQueriesEqualTheTracedOracle() {
        for (double tau : TAUS) {
            same("analyst_checkpoint_cls_reach", params("model", A, "tau", tau));
            for (String m : List.of(A, B)) {
                same("analyst_label_heads", params("model", m, "label", "negation", "tau", tau, "limit", 1000));
                for (String word : List.of("movie", "the", "."))
                    same("analyst_cls_reaches_word", params("model", m, "word", word, "tau", tau, "share", 0.0));
            }
            same("analyst_cls_marked_share", params("modelA", A, "modelB", B, "tau", tau));
            same("analyst_cls_marked_share", params("modelA", B, "modelB", A, "tau", tau));
        }
    }

    /** The catalogue query (through the query service) and its traced former text give the same rows. */
    private static void same(String name, Map<String, Object> p) {
        List<Map<String, Object>> expected = rawRows(oracle(name), p);
        List<Map<String, Object>> actual = queries.run(name, p).rows();
        String what = name + " " + p;
        assertFalse(expected.isEmpty() && !name.equals("analyst_cls_reaches_word"), what + ": the oracle has rows");
        assertEquals(expected.size(), actual.size(), what);
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(expected.get(k).keySet(), actual.get(k).keySet(), what);
            for (String c : expected.get(k).keySet()) {
                Object e = expected.get(k).get(c), a = actual.get(k).get(c);
                if (e instanceof Double ed) assertEquals(ed, ((Number) a).doubleValue(), 1e-12, what + " " + c);
                else assertEquals(e, a, what + " row " + k + " " + c);
            }
        }
    }

    private static List<List<Object>> storedReach() {
        List<List<Object>> all = new ArrayList<>();
        try (Session s = connection.session()) {
            all.addAll(s.run("MATCH (t:Token) RETURN t.model, t.sid, t.layer, t.pos, t.clsReach"
                            + " ORDER BY t.model, t.sid, t.layer, t.pos")
                    .list(r -> r.values().stream().map(v -> v.asObject()).toList()));
            all.addAll(s.run("MATCH (h:HeadStat) RETURN h.model, h.sid, h.layer, h.head, h.clsReach"
                            + " ORDER BY h.model, h.sid, h.layer, h.head")
                    .list(r -> r.values().stream().map(v -> v.asObject()).toList()));
        }
        assertTrue(all.stream().allMatch(row -> row.get(4) != null), "every token and head stat has a reach");
        return all;
    }

    private static List<Map<String, Object>> rawRows(String text, Map<String, Object> p) {
        try (Session s = connection.session()) {
            return s.run(text, p).list(r -> r.asMap());
        }
    }

    private static void write(String text) {
        try (Session s = connection.session()) {
            s.run(text).consume();
        }
    }

    private static String oracle(String name) {
        try (InputStream in = ClsReachStoredTest.class.getResourceAsStream("traced/" + name + ".cypher")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> p = new HashMap<>();
        for (int k = 0; k < kv.length; k += 2) p.put((String) kv[k], kv[k + 1]);
        return p;
    }
}
