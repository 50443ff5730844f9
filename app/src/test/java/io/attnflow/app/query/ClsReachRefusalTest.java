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
import io.attnflow.graph.write.ModelLinks;
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
 * The query service refuses a query that reads the stored [CLS] reach only when a model it reads lacks it: on a real
 * store holding model A with the reach and model B without (B ingested, then its reach and marks removed, as a store
 * written before the reach was stored), A's queries run and give the rows they gave before, B's are refused, and so
 * is a query over both, or over A's fine-tunes when B is one of them.
 */
class ClsReachRefusalTest {
    static Neo4j neo4j;
    static GraphConnection connection;
    static AttentionQueries queries;

    @BeforeAll
    static void ingest() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        queries = AttentionQueries.of(connection);
        PinnedCorpus.ingestMarked(connection, CORPUS.subList(0, 3));
        new ModelLinks(connection).fineTunedFrom(B, A, 1); // B counts as A's fine-tune
    }

    @AfterAll
    static void close() {
        connection.close();
        neo4j.close();
    }

    @Test
    void onlyTheQueriesReadingTheUnmarkedModelAreRefused() {
        Map<String, Object> labelA = params("model", A, "label", "negation", "tau", 0.1, "limit", 1000);
        Map<String, Object> wordA = params("model", A, "word", "movie", "tau", 0.1, "share", 0.0);
        Map<String, Object> checkpointB = params("model", B, "tau", 0.1);
        List<Map<String, Object>> labelRows =
                queries.run("analyst_label_heads", labelA).rows();
        List<Map<String, Object>> wordRows =
                queries.run("analyst_cls_reaches_word", wordA).rows();
        List<Map<String, Object>> checkpointRows =
                queries.run("analyst_checkpoint_cls_reach", checkpointB).rows();
        assertFalse(labelRows.isEmpty() || wordRows.isEmpty() || checkpointRows.isEmpty(), "rows before");

        write("MATCH (r:Run {model: $m}) REMOVE r.clsReachStored", B);
        write("MATCH (t:Token {model: $m}) REMOVE t.clsReach", B);
        write("MATCH (h:HeadStat {model: $m}) REMOVE h.clsReach", B);

        assertEquals(labelRows, queries.run("analyst_label_heads", labelA).rows(), "A's reach is still stored");
        assertEquals(wordRows, queries.run("analyst_cls_reaches_word", wordA).rows());
        refused("analyst_label_heads", params("model", B, "label", "negation", "tau", 0.1, "limit", 1000));
        refused("analyst_cls_reaches_word", params("model", B, "word", "movie", "tau", 0.1, "share", 0.0));
        refused("analyst_cls_marked_share", params("modelA", A, "modelB", B, "tau", 0.1));
        refused("analyst_cls_marked_share", params("modelA", B, "modelB", A, "tau", 0.1));
        refused("analyst_checkpoint_cls_reach", params("model", A, "tau", 0.1)); // reads its fine-tune B
        refused("analyst_checkpoint_cls_reach", checkpointB);
    }

    private static void refused(String name, Map<String, Object> p) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> queries.run(name, p), name);
        assertTrue(e.getMessage().contains("runs of model " + B + " "), e.getMessage());
        assertTrue(e.getMessage().contains("attnflow backfill-reach"), e.getMessage());
    }

    private static void write(String text, String model) {
        try (Session s = connection.session()) {
            s.run(text, Map.of("m", model)).consume();
        }
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> p = new HashMap<>();
        for (int k = 0; k < kv.length; k += 2) p.put((String) kv[k], kv[k + 1]);
        return p;
    }
}
