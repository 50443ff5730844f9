package io.attnflow.app.query;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The fixed small corpus the {@code analyst_*} pins run on, ingested once per JVM with the two bundled bge-small
 * models into an in-process Neo4j, with the forward passes kept for the core computations the rows are held to.
 */
final class PinnedCorpus {
    static final String A = "bge-small-en-v1.5";
    static final String B = "bge-small-en";
    static final double TAU = 0.1;
    static final List<SentenceInput> CORPUS = List.of(
            new SentenceInput("The movie was not good at all.", null, "pin", "negation"),
            new SentenceInput("The film was good.", null, "pin", "positive"),
            new SentenceInput("Nobody liked the movie.", null, "pin", "negation"),
            new SentenceInput("A man is playing a guitar.", "Someone plays music.", "pin", "entailment"),
            new SentenceInput("The movie was long.", "The film was short.", "pin", "contradiction"));

    private static AttentionQueries queries;
    private static GraphConnection connection;
    private static final Map<String, List<SentenceMetrics>> RUNS = new HashMap<>();

    private PinnedCorpus() {}

    /** The queries over the ingested corpus (ingests it on first use). */
    static synchronized AttentionQueries queries() {
        if (queries != null) return queries;
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            connection.close();
            neo4j.close();
        }));
        for (String id : List.of(A, B)) {
            List<SentenceMetrics> list = new ArrayList<>();
            try (AttentionModel model = ModelCatalog.standard().open(id, LoadOptions.defaults())) {
                GraphWriter writer = new GraphWriter(connection, StoredWeights.DEFAULT_FLOOR);
                writer.ensureModel(model.info());
                for (SentenceInput s : CORPUS) {
                    SentenceMetrics m = SentenceMetrics.of(model.encode(s));
                    writer.write(m);
                    list.add(m);
                }
            }
            RUNS.put(id, list);
        }
        queries = AttentionQueries.of(connection);
        return queries;
    }

    /** The connection to the ingested corpus (ingests it on first use), for raw Cypher such as a query's former text. */
    static GraphConnection connection() {
        queries();
        return connection;
    }

    /** The metrics of every corpus sentence under a model, in corpus order. */
    /**
     * Ingests {@code sentences} with models A and B into {@code connection}, each run with its third and fourth tokens
     * marked as the sentence's "error" (what the reach queries over marked tokens read).
     */
    static void ingestMarked(GraphConnection connection, List<SentenceInput> sentences) {
        for (String id : List.of(A, B)) {
            try (AttentionModel model = ModelCatalog.standard().open(id, LoadOptions.defaults())) {
                GraphWriter writer = new GraphWriter(connection, StoredWeights.DEFAULT_FLOOR);
                writer.ensureModel(model.info());
                for (SentenceInput s : sentences) {
                    ForwardResult r = model.encode(s);
                    boolean[] marked = new boolean[r.n()];
                    for (int p = 2; p < Math.min(4, r.n() - 1); p++) marked[p] = true;
                    writer.write(SentenceMetrics.of(r), new RunAnnotations(null, marked));
                }
            }
        }
    }

    static List<SentenceMetrics> runs(String model) {
        queries();
        return RUNS.get(model);
    }

    record Head(int layer, int head) {}

    static final Comparator<Head> ORDER = Comparator.comparingInt(Head::layer).thenComparingInt(Head::head);

    static TraceResult clsTrace(String model, ForwardResult r) {
        StoredAttention stored = StoredAttention.of(r.attention(), StoredWeights.DEFAULT_FLOOR);
        List<String> tokens = r.tokens().stream().map(TokenInfo::text).toList();
        return MatrixTrace.trace(
                stored, tokens, TraceRequest.fromCls(model, r.input().id()).withTau(TAU), null);
    }

    static Set<Head> headsOf(List<TraceResult.Edge> edges) {
        Set<Head> heads = new TreeSet<>(ORDER);
        for (TraceResult.Edge e : edges) heads.add(new Head(e.toLayer(), e.head()));
        return heads;
    }

    static List<Map<String, Object>> run(String name, Object... nameValue) {
        Map<String, Object> p = new HashMap<>();
        for (int k = 0; k < nameValue.length; k += 2) p.put((String) nameValue[k], nameValue[k + 1]);
        List<Map<String, Object>> rows = queries().run(name, p).rows();
        assertFalse(rows.isEmpty(), name + " returned rows on the fixture corpus");
        return rows;
    }

    static double d(Map<String, Object> row, String k) {
        return ((Number) row.get(k)).doubleValue();
    }

    static long i(Map<String, Object> row, String k) {
        return ((Number) row.get(k)).longValue();
    }
}
