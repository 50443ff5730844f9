package io.attnflow.app.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.api.json.Json;
import io.attnflow.app.Main;
import io.attnflow.core.compare.CompareResult;
import io.attnflow.core.compare.HeadComparison;
import io.attnflow.core.compare.MatrixComparison;
import io.attnflow.core.metrics.Rollout;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.trace.Direction;
import io.attnflow.core.trace.InMemoryAttentionStore;
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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import picocli.CommandLine;

/**
 * Real model output (the two bundled bge-small models), written by the real GraphWriter into a real Neo4j: the
 * Cypher traces and comparisons equal the in-memory reference, and `attnflow trace --format json` prints exactly
 * the service's trace through the API's JSON mapper.
 */
class RealModelQueriesTest {
    static final String A = "bge-small-en-v1.5";
    static final String B = "bge-small-en";
    static final List<SentenceInput> SENTENCES = List.of(
            SentenceInput.of("The movie was not good at all."),
            SentenceInput.of("Nobody came to the party, so the host ate the cake alone."),
            SentenceInput.pair("A man is playing a guitar.", "Someone plays music."));

    static Neo4j neo4j;
    static GraphConnection connection;
    static AttentionQueries queries;
    static List<ForwardResult> resultsA = new ArrayList<>(), resultsB = new ArrayList<>();

    @BeforeAll
    static void ingest() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        queries = AttentionQueries.of(connection);
        ModelCatalog catalog = ModelCatalog.standard();
        for (var pair : List.of(Map.entry(A, resultsA), Map.entry(B, resultsB))) {
            try (AttentionModel model = catalog.open(pair.getKey(), LoadOptions.defaults())) {
                GraphWriter writer = new GraphWriter(connection, StoredWeights.DEFAULT_FLOOR);
                writer.ensureModel(model.info());
                for (SentenceInput s : SENTENCES) {
                    ForwardResult r = model.encode(s);
                    writer.write(SentenceMetrics.of(r));
                    pair.getValue().add(r);
                }
            }
        }
    }

    @AfterAll
    static void close() {
        connection.close();
        neo4j.close();
    }

    static StoredAttention stored(ForwardResult r) {
        return StoredAttention.of(r.attention(), StoredWeights.DEFAULT_FLOOR);
    }

    static List<String> texts(ForwardResult r) {
        return r.tokens().stream().map(TokenInfo::text).toList();
    }

    @Test
    void tracesOfRealSentencesEqualTheReferenceAtSeveralThresholds() {
        for (ForwardResult r : resultsA) {
            for (double tau : new double[] {0.01, 0.05, 0.1, 0.3}) {
                TraceRequest req = TraceRequest.fromCls(A, r.input().id()).withTau(tau);
                TraceResult expected = MatrixTrace.trace(
                        stored(r), texts(r), req, Rollout.of(r.attention()).clsRow());
                assertSameTrace(expected, queries.trace(req));
            }
            int last = r.n() - 1;
            TraceRequest forward = new TraceRequest(
                    A, r.input().id(), Direction.FORWARD, 0.1, 3, 9, List.of(1, last), Map.of(5, Set.of(0, 7)), 0.5);
            assertSameTrace(
                    MatrixTrace.trace(
                            stored(r),
                            texts(r),
                            forward,
                            Rollout.of(r.attention()).clsRow()),
                    queries.trace(forward));
        }
    }

    @Test
    void comparingTheTwoBgeModelsEqualsTheReference() {
        for (int k = 0; k < SENTENCES.size(); k++) {
            ForwardResult a = resultsA.get(k), b = resultsB.get(k);
            String sid = a.input().id();
            double tau = 0.1;
            InMemoryAttentionStore oracle = new InMemoryAttentionStore()
                    .put(A, sid, texts(a), stored(a))
                    .put(B, sid, texts(b), stored(b));
            CompareResult expected = MatrixComparison.compare(oracle, A, B, sid, tau);
            CompareResult actual = queries.compare(A, B, sid, tau);
            assertEquals(12 * 12, expected.heads().size(), "every head of the two 12x12 models");
            assertEquals(expected.heads().size(), actual.heads().size());
            assertEquals(expected.sharedHeads(), actual.sharedHeads());
            assertEquals(expected.onlyAHeads(), actual.onlyAHeads());
            assertEquals(expected.onlyBHeads(), actual.onlyBHeads());
            for (int h = 0; h < expected.heads().size(); h++) {
                HeadComparison e = expected.heads().get(h), g = actual.heads().get(h);
                assertEquals(List.of(e.shared(), e.onlyA(), e.onlyB()), List.of(g.shared(), g.onlyA(), g.onlyB()));
                assertEquals(e.cosine(), g.cosine(), 1e-6);
            }
            Map<String, Object> p = new java.util.HashMap<>(Map.of("modelA", A, "modelB", B, "sid", sid, "tau", tau));
            p.put("corpus", null);
            p.put("limit", null);
            List<Map<String, Object>> rows =
                    maps(queries.run("compare", p).rows().get(0), "heads");
            assertEquals(expected.heads().size(), rows.size(), "compare.cypher has an entry per head");
            Map<String, Map<String, Object>> byHead = new java.util.HashMap<>();
            for (Map<String, Object> row : rows) byHead.put(row.get("layer") + ":" + row.get("head"), row);
            for (HeadComparison e : expected.heads()) {
                Map<String, Object> row = byHead.get(e.layer() + ":" + e.head());
                assertEquals(e.shared(), num(row, "shared").intValue());
                assertEquals(e.cosine(), num(row, "cosine").doubleValue(), 1e-6);
                assertEquals(e.cosineBound(), num(row, "cosineBound").doubleValue(), 1e-6);
            }
        }
    }

    @Test
    void theTraceCommandPrintsTheServicesTraceAsTheApisJson() {
        SentenceInput pair = SENTENCES.get(2);
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(
                "trace",
                "--model",
                A,
                "--text",
                pair.text(),
                "--pair",
                pair.textB(),
                "--tau",
                "0.2",
                "--heads",
                "12:0,12:5",
                "--format",
                "json",
                "--neo4j-uri",
                neo4j.boltURI().toString());
        assertEquals(0, code, err.toString());
        TraceRequest req = new TraceRequest(
                A, pair.id(), Direction.BACKWARD, 0.2, null, null, List.of(), Map.of(12, Set.of(0, 5)), 0.5);
        assertEquals(Json.write(queries.trace(req)), out.toString().strip());
    }

    @Test
    void theTraceCommandSaysHowToIngestAnUnknownSentence() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(
                "trace",
                "--model",
                A,
                "--text",
                "Never ingested.",
                "--neo4j-uri",
                neo4j.boltURI().toString());
        assertEquals(CommandLine.ExitCode.USAGE, code, "an unknown sentence is bad input");
        assertTrue(err.toString().contains("attnflow ingest --model " + A), err.toString());
    }

    /** trace.cypher's numbers, on real traces, against the core trace of the same run. */
    @Test
    void traceFileNodeValuesInfluenceAndHeadImportanceEqualTheCoreOnRealSentences() {
        for (ForwardResult r : resultsA) {
            TraceRequest req = TraceRequest.fromCls(A, r.input().id()).withTau(0.05);
            TraceResult core = MatrixTrace.trace(stored(r), texts(r), req, null);
            Map<String, Object> p = new java.util.HashMap<>(
                    Map.of("model", A, "sid", r.input().id(), "tau", 0.05, "tokens", List.of(), "heads", List.of()));
            List<Map<String, Object>> rows = queries.run("trace", p).rows();
            assertEquals(1, rows.size(), "trace.cypher returns one row");
            Map<String, Object> row = rows.get(0);
            List<?> layer = (List<?>) row.get("nodeLayer"), pos = (List<?>) row.get("nodePos");
            List<?> value = (List<?>) row.get("nodeValue");
            assertEquals(core.nodes().size(), value.size(), "a node value per trace node");
            for (int k = 0; k < value.size(); k++) {
                TraceResult.Node x = core.nodes().get(k);
                assertEquals(
                        List.of(x.layer(), x.pos()),
                        List.of(((Number) layer.get(k)).intValue(), ((Number) pos.get(k)).intValue()));
                assertEquals(x.value(), ((Number) value.get(k)).doubleValue(), 1e-9, "value of " + x);
            }
            double[] influence = ((List<?>) row.get("influence"))
                    .stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            assertArrayEquals(core.influence(), influence, 1e-9, "influence");
            double[][] importance = new double[12][12];
            List<Map<String, Object>> heads = maps(row, "headImportance");
            assertTrue(heads.size() > 0, "the trace uses heads");
            for (Map<String, Object> h : heads)
                importance[num(h, "layer").intValue() - 1][num(h, "head").intValue()] =
                        num(h, "importance").doubleValue();
            for (int l = 0; l < 12; l++)
                assertArrayEquals(core.headImportance()[l], importance[l], 1e-9, "layer " + (l + 1));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Map<String, Object> row, String column) {
        return (List<Map<String, Object>>) row.get(column);
    }

    static Number num(Map<String, Object> row, String key) {
        return (Number) row.get(key);
    }

    static void assertSameTrace(TraceResult expected, TraceResult actual) {
        assertEquals(expected.nodes().size(), actual.nodes().size(), "node count");
        assertEquals(expected.edges().size(), actual.edges().size(), "edge count");
        for (int k = 0; k < expected.nodes().size(); k++) {
            var e = expected.nodes().get(k);
            var g = actual.nodes().get(k);
            assertEquals(List.of(e.layer(), e.pos(), e.token()), List.of(g.layer(), g.pos(), g.token()));
            assertEquals(e.value(), g.value(), 1e-6);
        }
        for (int k = 0; k < expected.edges().size(); k++) {
            var e = expected.edges().get(k);
            var g = actual.edges().get(k);
            assertEquals(
                    List.of(e.fromLayer(), e.fromPos(), e.toLayer(), e.toPos(), e.head()),
                    List.of(g.fromLayer(), g.fromPos(), g.toLayer(), g.toPos(), g.head()));
            assertEquals(e.w(), g.w(), 1e-9);
        }
        assertArrayEquals(expected.influence(), actual.influence(), 1e-6);
        for (int l = 0; l < expected.headImportance().length; l++) {
            assertArrayEquals(expected.headImportance()[l], actual.headImportance()[l], 1e-6);
        }
        assertArrayEquals(expected.rollout(), actual.rollout(), 1e-6);
    }
}
