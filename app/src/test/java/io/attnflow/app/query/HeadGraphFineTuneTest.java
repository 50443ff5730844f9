package io.attnflow.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.attnflow.app.finetune.FineTunedFixture;
import io.attnflow.core.headgraph.HeadGraph;
import io.attnflow.core.headgraph.HeadGraphBuilder;
import io.attnflow.core.headgraph.ModelHead;
import io.attnflow.core.model.CharSpan;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.trace.InMemoryAttentionStore;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.heads.GdsProcedures;
import io.attnflow.graph.heads.HeadGraphService;
import io.attnflow.graph.heads.HeadGraphView;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import io.attnflow.ingest.finetune.FineTuneDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The head graph of a real fine-tune and its base (the bundled all-MiniLM-L6 and {@code lt-tiny@final}) over a corpus
 * with error spans, in a real Neo4j with GDS: the two models are matched on every sentence both hold, the stored
 * graph is the core builder's over the same forward passes, and {@code analyst_community_cls_marked} equals the
 * attention from [CLS] to the marked tokens computed from those forward passes' stored weights.
 */
class HeadGraphFineTuneTest {
    static final String BASE = FineTunedFixture.BASE, FINAL = "lt-tiny@final";
    static final double EPS = 1e-9;

    @TempDir
    static Path tmp;

    static Neo4j neo4j;
    static GraphConnection connection;
    static HeadGraphService service;
    static HeadGraphService.BuildResult built;
    /** model id → (forward pass, error span) per sentence. */
    static final Map<String, List<Object[]>> runs = new LinkedHashMap<>();

    @BeforeAll
    static void ingestAndBuild() {
        Neo4jBuilder b = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        for (Class<?> c : GdsProcedures.classes()) b = b.withProcedure(c);
        for (Class<?> c : GdsProcedures.functions()) b = b.withFunction(c);
        neo4j = b.build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        List<CorpusEntry.Sentence> corpus = CorpusReader.read(FineTunedFixture.corpus(tmp)).stream()
                .map(e -> (CorpusEntry.Sentence) e)
                .toList();
        FineTuneDir dir = FineTuneDir.read(FineTunedFixture.dir());
        runs.put(BASE, FineTuneAnalystQueriesPinnedTest.ingest(connection, dir.base(), BASE, corpus));
        FineTuneDir.State last = dir.states().stream()
                .filter(s -> s.id().equals(FINAL))
                .findFirst()
                .orElseThrow();
        runs.put(
                FINAL,
                FineTuneAnalystQueriesPinnedTest.ingest(connection, last.dir().toString(), FINAL, corpus));
        service = new HeadGraphService(connection);
        built = service.build(List.of(BASE, FINAL), null, 5, null);
    }

    @AfterAll
    static void close() {
        connection.close();
        neo4j.close();
    }

    static StoredAttention stored(ForwardResult r) {
        return StoredAttention.of(r.attention(), StoredWeights.DEFAULT_FLOOR);
    }

    @Test
    void baseAndFineTuneAreComparedOnEverySentenceAndTheStoredGraphIsTheCoreBuilders() {
        InMemoryAttentionStore store = new InMemoryAttentionStore();
        Map<String, List<String>> sids = new LinkedHashMap<>();
        for (var e : runs.entrySet()) {
            for (Object[] run : e.getValue()) {
                ForwardResult r = (ForwardResult) run[0];
                List<String> tokens = r.tokens().stream().map(TokenInfo::text).toList();
                store.put(e.getKey(), r.input().id(), tokens, stored(r));
                sids.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(r.input().id());
            }
        }
        sids.values().forEach(l -> l.sort(String::compareTo));
        HeadGraph expected = HeadGraphBuilder.build(store, sids, 5, null);
        HeadGraphView view = service.view();
        assertEquals(expected.edges().size(), view.edges().size());
        Map<String, HeadGraphView.Similar> byKey = new HashMap<>();
        for (HeadGraphView.Similar s : view.edges()) {
            byKey.put(
                    new ModelHead(s.modelA(), s.layerA(), s.headA()) + "|"
                            + new ModelHead(s.modelB(), s.layerB(), s.headB()),
                    s);
        }
        int corpus = FineTunedFixture.CORPUS.size(), across = 0;
        for (HeadGraph.Edge e : expected.edges()) {
            HeadGraphView.Similar s = byKey.get(e.from() + "|" + e.to());
            assertNotNull(s, "stored edge " + e.from() + " - " + e.to());
            assertEquals(e.js(), s.js(), 1e-12);
            assertEquals(e.cosine(), s.cosine(), 1e-12);
            if (!s.modelA().equals(s.modelB())) {
                across++;
                // one tokenizer: every sentence both hold is compared
                assertEquals(corpus, s.sentences(), e.from() + " - " + e.to());
            }
        }
        assertFalse(across == 0, "base and fine-tuned heads are linked");
        assertEquals(corpus, built.sentences());
    }

    @Test
    void communitiesSendingClsToTheMarkedTokensMatchTheForwardPasses() {
        Map<ModelHead, Long> community = new HashMap<>();
        for (HeadGraphView.Head h : service.view().heads())
            community.put(new ModelHead(h.model(), h.layer(), h.head()), h.community());
        AttentionQueries queries = AttentionQueries.of(connection);
        for (String model : List.of(BASE, FINAL)) {
            ForwardResult first = (ForwardResult) runs.get(model).get(0)[0];
            int layers = first.attention().layers(), heads = first.attention().heads();
            double[] onMarked = new double[layers * heads];
            double even = 0;
            int sentences = 0;
            for (Object[] run : runs.get(model)) {
                ForwardResult r = (ForwardResult) run[0];
                boolean[] marked = CharSpan.marks(r.tokens(), (CharSpan) run[1]);
                int count = 0;
                for (boolean m : marked) if (m) count++;
                if (count == 0) continue;
                StoredAttention a = stored(r);
                for (int l = 1; l <= layers; l++) {
                    for (int h = 0; h < heads; h++) {
                        for (int k = 0; k < r.n(); k++) if (marked[k]) onMarked[(l - 1) * heads + h] += a.w(l, h, 0, k);
                    }
                }
                even += (double) count / r.n();
                sentences++;
            }
            // community → its heads' means, largest first (ties: layer, head)
            Map<Long, List<Object[]>> byCommunity = new TreeMap<>();
            for (int x = 0; x < layers * heads; x++) {
                ModelHead head = new ModelHead(model, x / heads + 1, x % heads);
                byCommunity
                        .computeIfAbsent(community.get(head), c -> new ArrayList<>())
                        .add(new Object[] {head, onMarked[x] / sentences});
            }
            List<Map<String, Object>> rows = queries.run("analyst_community_cls_marked", Map.of("model", model))
                    .rows();
            assertEquals(byCommunity.size(), rows.size(), model);
            for (Map<String, Object> row : rows) {
                List<Object[]> members = byCommunity.get(((Number) row.get("community")).longValue());
                members.sort(Comparator.<Object[]>comparingDouble(m -> -(double) m[1])
                        .thenComparing(m -> (ModelHead) m[0], ModelHead.ORDER));
                double mean = members.stream()
                        .mapToDouble(m -> (double) m[1])
                        .average()
                        .orElseThrow();
                ModelHead top = (ModelHead) members.get(0)[0];
                assertEquals(members.size(), ((Number) row.get("size")).intValue(), model);
                assertEquals(sentences, ((Number) row.get("sentences")).intValue(), model);
                assertEquals(mean, PinnedCorpus.d(row, "meanOnMarked"), EPS, model);
                assertEquals(top.layer() + "-" + top.head(), row.get("topHead"), model);
                assertEquals((double) members.get(0)[1], PinnedCorpus.d(row, "topOnMarked"), EPS, model);
                assertEquals(even / sentences, PinnedCorpus.d(row, "evenShare"), EPS, model);
            }
        }
    }
}
