package io.attnflow.graph.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.headgraph.HeadGraph;
import io.attnflow.core.headgraph.HeadGraphBuilder;
import io.attnflow.core.headgraph.ModelHead;
import io.attnflow.core.headgraph.Modularity;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.query.UnknownModelException;
import io.attnflow.core.trace.InMemoryAttentionStore;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.graph.TestGraph;
import io.attnflow.graph.cypher.CypherQueryException;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.query.QueryRows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The head graph built from a real (in-process) Neo4j with GDS: two models of 18 heads whose heads come in three
 * groups of identical attention; in "tuned" head 1-0 copies group 2 instead of group 0. Every figure is checked against
 * the core builder over the same stored attention, or against what the construction implies.
 */
class HeadGraphServiceTest {
    static final int L = 2, H = 9, SENTENCES = 6;
    static final ModelInfo BASE = TestGraph.model("base", L, H), TUNED = TestGraph.model("tuned", L, H);
    static GdsTestGraph graph;
    static HeadGraphService service;
    static HeadGraphService.BuildResult built;
    static HeadGraph expected;
    static final Map<String, Map<String, ForwardResult>> forwards = new LinkedHashMap<>();

    /** The group of head index x = (l-1)·H + h in a model. */
    static int group(String model, int x) {
        return model.equals("tuned") && x == 0 ? 2 : x / 6;
    }

    @BeforeAll
    static void build() {
        graph = new GdsTestGraph();
        service = new HeadGraphService(graph.connection);
        Random rnd = new Random(42);
        InMemoryAttentionStore store = new InMemoryAttentionStore();
        Map<String, List<String>> sids = new LinkedHashMap<>();
        for (int s = 0; s < SENTENCES; s++) {
            int n = 6 + s % 4;
            float[][] groups = new float[3][n * n];
            for (float[] g : groups) randomRows(g, n, rnd);
            for (ModelInfo m : List.of(BASE, TUNED)) {
                float[] data = new float[L * H * n * n];
                for (int x = 0; x < L * H; x++) System.arraycopy(groups[group(m.id(), x)], 0, data, x * n * n, n * n);
                ForwardResult f = graph.write(m, "sentence " + s, n, data);
                forwards.computeIfAbsent(m.id(), k -> new LinkedHashMap<>())
                        .put(f.input().id(), f);
                store.put(m.id(), f.input().id(), texts(f), StoredAttention.of(f.attention(), GdsTestGraph.FLOOR));
                sids.computeIfAbsent(m.id(), k -> new ArrayList<>())
                        .add(f.input().id());
            }
        }
        sids.values().forEach(l -> l.sort(String::compareTo));
        built = service.build(List.of("base", "tuned"), null, 5, null);
        expected = HeadGraphBuilder.build(store, sids, 5, null);
    }

    @AfterAll
    static void close() {
        graph.close();
    }

    static void randomRows(float[] g, int n, Random rnd) {
        for (int i = 0; i < n; i++) {
            double[] v = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) sum += v[j] = Math.exp(2 * rnd.nextGaussian());
            for (int j = 0; j < n; j++) g[i * n + j] = (float) (v[j] / sum);
        }
    }

    static List<String> texts(ForwardResult f) {
        return f.tokens().stream().map(TokenInfo::text).toList();
    }

    static Map<ModelHead, Long> communities(HeadGraphView view) {
        Map<ModelHead, Long> c = new HashMap<>();
        for (HeadGraphView.Head h : view.heads()) c.put(new ModelHead(h.model(), h.layer(), h.head()), h.community());
        return c;
    }

    @Test
    void theStoredEdgesAndPatternsAreTheCoreBuildersOverTheSameStoredAttention() {
        HeadGraphView view = service.view();
        assertEquals(2 * L * H, view.heads().size());
        assertEquals(expected.edges().size(), view.edges().size());
        Map<String, HeadGraph.Edge> byKey = new HashMap<>();
        for (HeadGraph.Edge e : expected.edges()) byKey.put(e.from() + "|" + e.to(), e);
        for (HeadGraphView.Similar s : view.edges()) {
            HeadGraph.Edge e = byKey.get(new ModelHead(s.modelA(), s.layerA(), s.headA()) + "|"
                    + new ModelHead(s.modelB(), s.layerB(), s.headB()));
            assertEquals(e.js(), s.js(), 1e-12);
            assertEquals(e.cosine(), s.cosine(), 1e-12);
            assertEquals(e.sentences(), s.sentences());
        }
        for (int x = 0; x < view.heads().size(); x++) {
            assertEquals(
                    expected.heads().get(x).pattern().label(),
                    view.heads().get(x).pattern());
        }
        assertEquals(List.of("base", "tuned"), view.models());
        assertEquals(built.communities(), view.communities());
    }

    @Test
    void headsWithIdenticalAttentionLandInOneCommunity() {
        Map<ModelHead, Long> c = communities(service.view());
        Map<Integer, java.util.Set<Long>> byGroup = new HashMap<>();
        for (Map.Entry<ModelHead, Long> e : c.entrySet()) {
            int x = (e.getKey().layer() - 1) * H + e.getKey().head();
            byGroup.computeIfAbsent(group(e.getKey().model(), x), g -> new java.util.HashSet<>())
                    .add(e.getValue());
        }
        for (var g : byGroup.entrySet()) assertEquals(1, g.getValue().size(), "group " + g.getKey());
        assertEquals(
                3,
                byGroup.values().stream()
                        .flatMap(java.util.Set::stream)
                        .distinct()
                        .count());
        assertEquals(3, built.communities());
    }

    @Test
    void louvainsModularityIsNewmansOverTheStoredPartition() {
        HeadGraphView view = service.view();
        List<Modularity.WeightedEdge> edges = view.edges().stream()
                .map(s -> new Modularity.WeightedEdge(
                        new ModelHead(s.modelA(), s.layerA(), s.headA()),
                        new ModelHead(s.modelB(), s.layerB(), s.headB()),
                        s.cosine()))
                .toList();
        assertEquals(Modularity.of(edges, communities(view)), built.modularity(), 1e-9);
    }

    @Test
    void theMovedHeadIsTheOneWhoseCommunityDiffersAndItsCommunitiesAreShared() {
        AttentionQueries q = AttentionQueries.of(graph.connection);
        Map<ModelHead, Long> c = communities(service.view());
        List<String> expectedMoved = new ArrayList<>();
        for (int l = 1; l <= L; l++) {
            for (int h = 0; h < H; h++) {
                if (!c.get(new ModelHead("base", l, h)).equals(c.get(new ModelHead("tuned", l, h)))) {
                    expectedMoved.add(l + "-" + h);
                }
            }
        }
        assertEquals(List.of("1-0"), expectedMoved, "the construction moves exactly head 1-0");
        QueryRows moved = q.run("analyst_heads_moved", Map.of("modelA", "base", "modelB", "tuned"));
        assertEquals(
                expectedMoved,
                moved.rows().stream()
                        .map(r -> r.get("layer") + "-" + r.get("head"))
                        .toList());
        assertEquals(true, moved.rows().get(0).get("fromShared"));
        QueryRows shared = q.run("analyst_shared_communities", Map.of("modelA", "base", "modelB", "tuned"));
        assertEquals(3, shared.rows().size());
        assertTrue(shared.rows().stream().allMatch(r -> r.get("kind").equals("shared")));
    }

    @Test
    void theMostSimilarHeadsAreTheCoreEdgesOfThatHead() {
        ModelHead target = new ModelHead("tuned", 2, 4);
        List<String> fromCore = expected.edges().stream()
                .filter(e -> e.from().equals(target) || e.to().equals(target))
                .sorted(Comparator.comparingDouble(HeadGraph.Edge::js)
                        .thenComparing(e -> -e.cosine())
                        .thenComparing(e -> e.from().equals(target) ? e.to() : e.from(), ModelHead.ORDER))
                .map(e -> (e.from().equals(target) ? e.to() : e.from()).toString())
                .limit(10)
                .toList();
        QueryRows rows = AttentionQueries.of(graph.connection)
                .run("analyst_similar_heads", Map.of("model", "tuned", "layer", 2, "head", 4, "limit", 10));
        assertEquals(
                fromCore,
                rows.rows().stream()
                        .map(r -> new ModelHead(
                                        (String) r.get("model"),
                                        ((Number) r.get("layer")).intValue(),
                                        ((Number) r.get("head")).intValue())
                                .toString())
                        .toList());
    }

    @Test
    void degreeCentralityIsTheSumOfCosineWeightsOfAHeadsEdges() {
        service.ensureProjection();
        Map<ModelHead, Double> degree = new HashMap<>();
        for (HeadGraph.Edge e : expected.edges()) {
            degree.merge(e.from(), e.cosine(), Double::sum);
            degree.merge(e.to(), e.cosine(), Double::sum);
        }
        QueryRows rows = AttentionQueries.of(graph.connection)
                .run("analyst_head_centrality", Map.of("model", "base", "limit", 100));
        assertEquals(L * H, rows.rows().size());
        for (Map<String, Object> r : rows.rows()) {
            ModelHead h =
                    new ModelHead("base", ((Number) r.get("layer")).intValue(), ((Number) r.get("head")).intValue());
            assertEquals(degree.getOrDefault(h, 0.0), ((Number) r.get("degree")).doubleValue(), 1e-9, h.toString());
        }
    }

    @Test
    void anAnalystQueryOverTheProjectionFindsItAfterARestartDroppedIt() {
        // a restart of the store empties GDS's in-memory catalogue: drop the projection as a restart would
        try (var s = graph.connection.session()) {
            s.run(
                            "CALL gds.graph.drop($g, false) YIELD graphName RETURN graphName",
                            Map.of("g", HeadGraphService.PROJECTION))
                    .consume();
        }
        QueryRows rows = AttentionQueries.of(graph.connection)
                .run("analyst_head_centrality", Map.of("model", "base", "limit", 100));
        assertEquals(L * H, rows.rows().size());
        assertEquals(false, service.ensureProjection(), "the query projected it; a second projection is not made");
    }

    @Test
    void communitiesSendingClsToAWordMatchTheStoredAttention() {
        Map<ModelHead, Long> c = communities(service.view());
        String word = "w2";
        Map<Long, List<Double>> perCommunity = new HashMap<>();
        for (int l = 1; l <= L; l++) {
            for (int h = 0; h < H; h++) {
                double total = 0;
                int occ = 0;
                for (ForwardResult f : forwards.get("base").values()) {
                    StoredAttention a = StoredAttention.of(f.attention(), GdsTestGraph.FLOOR);
                    for (TokenInfo t : f.tokens()) {
                        if (t.text().equals(word)) {
                            total += a.w(l, h, 0, t.pos());
                            occ++;
                        }
                    }
                }
                perCommunity
                        .computeIfAbsent(c.get(new ModelHead("base", l, h)), k -> new ArrayList<>())
                        .add(total / occ);
            }
        }
        Map<Long, Double> expectedMean = perCommunity.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElseThrow()));
        QueryRows rows = AttentionQueries.of(graph.connection)
                .run("analyst_community_cls_word", Map.of("model", "base", "word", word));
        assertEquals(expectedMean.size(), rows.rows().size());
        for (Map<String, Object> r : rows.rows()) {
            long community = ((Number) r.get("community")).longValue();
            assertEquals(expectedMean.get(community), ((Number) r.get("meanAttention")).doubleValue(), 1e-9);
        }
    }

    @Test
    void unknownModelsAndModelsWithoutCommonSentencesAreRefusedInOneLine() {
        assertThrows(UnknownModelException.class, () -> service.build(List.of("base", "nope"), null, 5, null));
        var e = assertThrows(
                InvalidInputException.class, () -> service.build(List.of("base"), "no-such-corpus", 5, null));
        assertTrue(e.getMessage().contains("no sentence of corpus no-such-corpus"), e.getMessage());
    }

    @Test
    void theReadOnlyRunnerAllowsGdsStreamsAndRefusesWritesMutationsAndProjections() {
        service.ensureProjection();
        ReadOnlyCypher cypher = new ReadOnlyCypher(graph.connection);
        assertEquals(
                2L * L * H,
                cypher.run("CALL gds.louvain.stream('attnflow-heads') YIELD nodeId RETURN count(*) AS c")
                        .rows()
                        .get(0)
                        .get(0));
        for (String refused : List.of(
                "CALL gds.louvain.write('attnflow-heads', {writeProperty: 'x'}) YIELD communityCount RETURN 1",
                "CALL gds.louvain.mutate('attnflow-heads', {mutateProperty: 'x'}) YIELD communityCount RETURN 1",
                "CALL gds.graph.project('other', 'Head', 'SIMILAR') YIELD nodeCount RETURN 1",
                "CALL gds.graph.drop('attnflow-heads') YIELD graphName RETURN 1",
                "CALL gds.pageRank.write('attnflow-heads', {writeProperty: 'x'}) YIELD nodePropertiesWritten RETURN 1")) {
            assertThrows(CypherQueryException.class, () -> cypher.run(refused), refused);
        }
        assertTrue(service.view().heads().stream().allMatch(h -> h.community() >= 0), "nothing was overwritten");
    }
}
