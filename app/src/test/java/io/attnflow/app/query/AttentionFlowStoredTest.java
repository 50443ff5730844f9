package io.attnflow.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.app.IngestPipeline;
import io.attnflow.core.metrics.AttentionFlow;
import io.attnflow.core.metrics.AttentionFlowPolicy;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.read.GraphReader;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Attention flow (max-flow) through the real ingest path with bge-small-en-v1.5: what {@code attention_flow.cypher},
 * the trace, the stored tokens and the run info return equals {@link AttentionFlow} on a fresh forward pass of the
 * same sentence (itself tested against an independent Edmonds–Karp in core), and a sentence above the policy's bound
 * stores none.
 */
class AttentionFlowStoredTest {
    static final String MODEL = "bge-small-en-v1.5";
    static final SentenceInput SHORT = new SentenceInput("The movie was not good at all.", null, "flow", null);
    static final SentenceInput PAIR = new SentenceInput("A man plays.", "Someone plays music.", "flow", null);
    static final SentenceInput LONG = new SentenceInput(
            "This sentence is a little longer than the bound that this test sets for attention flow.",
            null,
            "flow",
            null);
    static final int BOUND = 16;
    static final double TOLERANCE = 1e-8;

    static Neo4j neo4j;
    static GraphConnection connection;
    static AttentionQueries queries;
    static AttentionModel model;

    @BeforeAll
    static void ingest() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        queries = AttentionQueries.of(connection);
        model = ModelCatalog.standard().open(MODEL, LoadOptions.defaults());
        assertTrue(model.encode(SHORT).n() <= BOUND && model.encode(PAIR).n() <= BOUND);
        assertTrue(model.encode(LONG).n() > BOUND);
        new IngestPipeline(
                        connection,
                        model,
                        new IngestPipeline.Options(
                                StoredWeights.DEFAULT_FLOOR, 10_000, false, IngestPipeline.OnError.fail),
                        null)
                .withAttentionFlow(new AttentionFlowPolicy(BOUND))
                .ingest(List.of(SHORT, PAIR, LONG));
    }

    @AfterAll
    static void close() {
        model.close();
        connection.close();
        neo4j.close();
    }

    @Test
    void theCypherFileTheTraceAndTheTokensServeTheCoreAttentionFlow() {
        // ingest encoded the three as one padded batch, this test each alone: the attention differs by float rounding
        // (about 1e-7), which moves the flow by about 1e-10, hence the tolerance
        for (SentenceInput s : List.of(SHORT, PAIR)) {
            double[] expected = AttentionFlow.clsRow(model.encode(s).attention());
            List<Map<String, Object>> rows = queries.run("attention_flow", Map.of("model", MODEL, "sid", s.id()))
                    .rows();
            assertEquals(expected.length, rows.size());
            double[] trace = queries.trace(TraceRequest.fromCls(MODEL, s.id()).withTau(0.1))
                    .attentionFlow();
            assertNotNull(trace, "the trace carries the stored attention flow");
            List<GraphReader.StoredToken> tokens = new GraphReader(connection).tokens(MODEL, s.id());
            for (int j = 0; j < expected.length; j++) {
                assertEquals(j, ((Number) rows.get(j).get("pos")).intValue());
                assertEquals(expected[j], ((Number) rows.get(j).get("attentionFlow")).doubleValue(), TOLERANCE);
                assertEquals(expected[j], trace[j], TOLERANCE, "trace, token " + j);
                assertEquals(expected[j], tokens.get(j).attentionFlow(), TOLERANCE, "tokens, token " + j);
                double stored = ((Number) rows.get(j).get("attentionFlow")).doubleValue();
                assertEquals(stored, trace[j], 0, "the trace serves the stored value itself");
                assertEquals(stored, tokens.get(j).attentionFlow(), 0, "so do the tokens");
            }
            assertEquals(1.0, java.util.Arrays.stream(trace).sum(), 1e-9);
        }
    }

    @Test
    void aSentenceAboveTheBoundStoresNoAttentionFlow() {
        List<Map<String, Object>> rows = queries.run("attention_flow", Map.of("model", MODEL, "sid", LONG.id()))
                .rows();
        assertEquals(model.encode(LONG).n(), rows.size());
        for (Map<String, Object> r : rows) assertNull(r.get("attentionFlow"));
        TraceResult t = queries.trace(TraceRequest.fromCls(MODEL, LONG.id()).withTau(0.1));
        assertNull(t.attentionFlow());
        assertNull(queries.runInfo(MODEL, LONG.id()).attentionFlow());
        for (GraphReader.StoredToken token : new GraphReader(connection).tokens(MODEL, LONG.id())) {
            assertNull(token.attentionFlow());
        }
    }
}
