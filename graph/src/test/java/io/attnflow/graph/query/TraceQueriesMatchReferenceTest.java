package io.attnflow.graph.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.Rollout;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.query.InvalidQueryException;
import io.attnflow.core.query.UnknownModelException;
import io.attnflow.core.query.UnknownSentenceException;
import io.attnflow.core.trace.Direction;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.write.GraphWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The Cypher traces (through the service and as raw catalogue files) give the same nodes, edges and values as the
 * in-memory reference, on synthetic attention written by the real GraphWriter into a real Neo4j.
 */
class TraceQueriesMatchReferenceTest {
    static final double FLOOR = 0.01;
    static final AtomicInteger IDS = new AtomicInteger();

    record Stored(String model, String sid, AttentionTensor attention, List<TokenInfo> tokens) {
        StoredAttention stored() {
            return StoredAttention.of(attention, FLOOR);
        }

        double[] rollout() {
            return Rollout.of(attention).clsRow();
        }
    }

    static Stored store(int layers, int heads, int n, long seed, double peaky, int pairAt) {
        int id = IDS.incrementAndGet();
        ModelInfo model = Fixtures.model("m" + id, layers, heads);
        AttentionTensor a = Fixtures.attention(seed, layers, heads, n, peaky);
        List<TokenInfo> tokens = Fixtures.tokens(n, pairAt);
        SentenceInput input =
                pairAt > 0 ? SentenceInput.pair("sentence " + id, "second " + id) : SentenceInput.of("sentence " + id);
        GraphWriter writer = new GraphWriter(QueryGraph.connection(), FLOOR);
        writer.ensureModel(model);
        writer.write(SentenceMetrics.of(Fixtures.forward(model, input, tokens, a)));
        return new Stored(model.id(), input.id(), a, tokens);
    }

    @Property(tries = 25)
    void randomTracesEqualTheReference(
            @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int layers,
            @ForAll @IntRange(min = 1, max = 4) int heads,
            @ForAll @IntRange(min = 1, max = 9) int n,
            @ForAll @DoubleRange(min = 0, max = 1) double peaky,
            @ForAll @IntRange(min = 0, max = 3) int tauKind) {
        Stored s = store(layers, heads, n, seed, peaky, 0);
        Random r = new Random(seed);
        // τ at the floor, just above it (one stored step), or anywhere up to 0.6
        double tau =
                switch (tauKind) {
                    case 0 -> FLOOR;
                    case 1 -> FLOOR + 1e-4;
                    default -> FLOOR + r.nextDouble() * 0.59;
                };
        Direction d = r.nextBoolean() ? Direction.BACKWARD : Direction.FORWARD;
        int a = r.nextInt(layers + 1), b = r.nextInt(layers + 1);
        Integer from = r.nextInt(3) == 0 ? null : (d == Direction.BACKWARD ? Math.max(a, b) : Math.min(a, b));
        Integer to = r.nextInt(3) == 0 ? null : (d == Direction.BACKWARD ? Math.min(a, b) : Math.max(a, b));
        if (from != null && to == null) to = d == Direction.BACKWARD ? 0 : layers;
        if (to != null && from == null) from = d == Direction.BACKWARD ? layers : 0;
        List<Integer> tokens = new ArrayList<>();
        for (int p = 0; p < n; p++) if (r.nextInt(3) == 0) tokens.add(p);
        Map<Integer, Set<Integer>> hs = new HashMap<>();
        for (int l = 1; l <= layers; l++) {
            if (r.nextBoolean()) continue;
            Set<Integer> chosen = new HashSet<>();
            for (int h = 0; h < heads; h++) if (r.nextBoolean()) chosen.add(h);
            hs.put(l, chosen);
        }
        TraceRequest req =
                new TraceRequest(s.model(), s.sid(), d, tau, from, to, tokens, hs, 0.25 + r.nextDouble() * 0.75);
        assertMatchesReference(s, req);
    }

    static void assertMatchesReference(Stored s, TraceRequest req) {
        TraceResult expected = MatrixTrace.trace(s.stored(), Fixtures.texts(s.tokens()), req, s.rollout());
        TraceResult actual = QueryGraph.queries().trace(req);
        assertSameTrace(expected, actual);

        CypherTrace.assertEqualsTrace(expected, QueryGraph.queries().run("trace", params(s, req)));
    }

    /** The raw Cypher parameters of a request, resolved as the service resolves them. */
    static Map<String, Object> params(Stored s, TraceRequest req) {
        Map<String, Object> p = new HashMap<>();
        p.put("model", req.model());
        p.put("sid", req.sid());
        p.put("tau", req.tau());
        p.put("fromLayer", req.fromLayer());
        p.put("toLayer", req.toLayer());
        p.put("tokens", req.tokens());
        p.put("alpha", req.alpha());
        p.put("direction", req.direction() == Direction.BACKWARD ? "backward" : "forward");
        List<List<Integer>> heads = new ArrayList<>();
        heads.add(List.of());
        for (int l = 1; l <= s.attention().layers(); l++)
            heads.add(List.copyOf(req.heads().getOrDefault(l, Set.of())));
        p.put("heads", heads);
        return p;
    }

    static void assertSameTrace(TraceResult expected, TraceResult actual) {
        assertEquals(keys(expected.nodes()), keys(actual.nodes()), "nodes");
        assertEquals(edgeKeys(expected.edges()), edgeKeys(actual.edges()), "edges");
        for (int k = 0; k < expected.nodes().size(); k++) {
            assertEquals(
                    expected.nodes().get(k).value(),
                    actual.nodes().get(k).value(),
                    1e-6,
                    "value of " + expected.nodes().get(k));
        }
        for (int k = 0; k < expected.edges().size(); k++) {
            assertEquals(
                    expected.edges().get(k).w(),
                    actual.edges().get(k).w(),
                    1e-9,
                    "w of " + expected.edges().get(k));
        }
        assertArrayEquals(expected.influence(), actual.influence(), 1e-6, "influence");
        for (int l = 0; l < expected.headImportance().length; l++) {
            assertArrayEquals(
                    expected.headImportance()[l], actual.headImportance()[l], 1e-6, "head importance layer " + (l + 1));
        }
        assertArrayEquals(expected.rollout(), actual.rollout(), 1e-6, "rollout");
    }

    static List<String> keys(List<TraceResult.Node> nodes) {
        return nodes.stream()
                .map(x -> x.layer() + "@" + x.pos() + ":" + x.token())
                .toList();
    }

    static List<String> edgeKeys(List<TraceResult.Edge> edges) {
        return edges.stream()
                .map(e -> e.fromLayer() + "@" + e.fromPos() + "->" + e.toLayer() + "@" + e.toPos() + "/h" + e.head())
                .toList();
    }

    @Test
    void aThresholdAboveEveryWeightLeavesOnlyTheClsNode() {
        Stored s = store(3, 2, 6, 1, 0.5, 0);
        TraceResult t = QueryGraph.queries().trace(request(s, Direction.BACKWARD, 1.0, null, List.of(), Map.of()));
        assertEquals(List.of(new TraceResult.Node(3, 0, "[CLS]", 1.0)), t.nodes());
        assertTrue(t.edges().isEmpty());
    }

    @Test
    void aSingleTokenSentenceTracesThroughItsOnlyToken() {
        Stored s = store(2, 3, 1, 2, 0.5, 0);
        assertMatchesReference(s, request(s, Direction.BACKWARD, FLOOR, null, List.of(), Map.of()));
        TraceResult t = QueryGraph.queries().trace(request(s, Direction.BACKWARD, 0.5, null, List.of(), Map.of()));
        assertEquals(3, t.nodes().size(), "one token at layers 0..2: self-attention is 1");
        assertEquals(6, t.edges().size(), "every head of both layers");
    }

    @Test
    void aSentencePairTracesLikeTheReference() {
        Stored s = store(3, 3, 9, 3, 0.3, 4);
        assertMatchesReference(s, request(s, Direction.BACKWARD, 0.05, null, List.of(), Map.of()));
        assertMatchesReference(s, request(s, Direction.BACKWARD, 0.05, 2, List.of(4, 8), Map.of()));
    }

    @Test
    void excludedHeadsCarryNoEdges() {
        Stored s = store(3, 4, 7, 4, 0.3, 0);
        TraceRequest req = request(s, Direction.BACKWARD, 0.02, null, List.of(), Map.of(3, Set.of(1, 2), 1, Set.of(0)));
        assertMatchesReference(s, req);
        TraceResult t = QueryGraph.queries().trace(req);
        assertTrue(t.edges().stream().filter(e -> e.toLayer() == 3).allMatch(e -> e.head() == 1 || e.head() == 2));
        assertTrue(t.edges().stream().filter(e -> e.toLayer() == 1).allMatch(e -> e.head() == 0));
        assertTrue(t.edges().stream().anyMatch(e -> e.toLayer() == 2 && e.head() == 3), "layer 2 keeps all heads");
    }

    @Test
    void aForwardTraceFromAMiddleTokenMatchesTheReference() {
        Stored s = store(4, 3, 8, 5, 0.4, 0);
        assertMatchesReference(s, request(s, Direction.FORWARD, 0.05, 1, List.of(4), Map.of()));
        assertMatchesReference(s, request(s, Direction.FORWARD, 0.05, 2, List.of(3), Map.of()));
    }

    @Test
    void tauBelowTheFloorIsAnErrorThatStatesTheFloor() {
        Stored s = store(1, 1, 3, 6, 0.5, 0);
        var e = assertThrows(InvalidQueryException.class, () -> QueryGraph.queries()
                .trace(request(s, Direction.BACKWARD, 0.005, null, List.of(), Map.of())));
        assertTrue(e.getMessage().contains("0.01"), e.getMessage());
        TraceRequest req = request(s, Direction.BACKWARD, 0.005, null, List.of(), Map.of());
        var raw = assertThrows(
                InvalidQueryException.class, () -> QueryGraph.queries().run("trace", params(s, req)));
        assertTrue(raw.getMessage().contains("floor 0.01"), raw.getMessage());
    }

    @Test
    void unknownModelsAndSentencesAreNotFound() {
        Stored s = store(1, 1, 3, 7, 0.5, 0);
        assertThrows(
                UnknownModelException.class, () -> QueryGraph.queries().trace(TraceRequest.fromCls("nope", s.sid())));
        var e = assertThrows(UnknownSentenceException.class, () -> QueryGraph.queries()
                .trace(TraceRequest.fromCls(s.model(), "0000")));
        assertTrue(e.getMessage().contains("attnflow ingest"), e.getMessage());
    }

    @Test
    void layersAndHeadsOutsideTheModelAreRejected() {
        Stored s = store(2, 2, 3, 8, 0.5, 0);
        assertThrows(InvalidQueryException.class, () -> QueryGraph.queries()
                .trace(request(s, Direction.BACKWARD, 0.1, 3, List.of(), Map.of())));
        assertThrows(InvalidQueryException.class, () -> QueryGraph.queries()
                .trace(request(s, Direction.BACKWARD, 0.1, null, List.of(), Map.of(1, Set.of(2)))));
        assertThrows(InvalidQueryException.class, () -> QueryGraph.queries()
                .trace(request(s, Direction.BACKWARD, 0.1, null, List.of(3), Map.of())));
    }

    static TraceRequest request(
            Stored s, Direction d, double tau, Integer from, List<Integer> tokens, Map<Integer, Set<Integer>> heads) {
        return new TraceRequest(s.model(), s.sid(), d, tau, from, null, tokens, heads, 0.5);
    }
}
