package io.attnflow.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.attnflow.app.finetune.FineTunedFixture;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.CharSpan;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.RunAnnotations;
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
import io.attnflow.graph.write.ModelLinks;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import io.attnflow.ingest.finetune.FineTuneDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * The fine-tune analyst queries ({@code analyst_checkpoint_cls_reach}, {@code analyst_cls_marked_share}) on a real
 * fine-tune's states and its base, over a corpus with error spans: the rows equal what {@link MatrixTrace} computes
 * from the same forward passes on the stored weights, never numbers written by hand.
 */
class FineTuneAnalystQueriesPinnedTest {
    static final double TAU = 0.1;
    static final double EPS = 1e-9;

    @TempDir
    static Path tmp;

    static Neo4j neo4j;
    static GraphConnection connection;
    static AttentionQueries queries;
    /** model id → (forward pass, error span) per sentence, in ingest order (base first, then by step). */
    static final Map<String, List<Object[]>> runs = new LinkedHashMap<>();

    static final Map<String, Integer> steps = new HashMap<>();

    @BeforeAll
    static void ingest() {
        Path ft = FineTunedFixture.dir();
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        queries = AttentionQueries.of(connection);
        List<CorpusEntry.Sentence> corpus = CorpusReader.read(FineTunedFixture.corpus(tmp)).stream()
                .map(e -> (CorpusEntry.Sentence) e)
                .toList();
        FineTuneDir dir = FineTuneDir.read(ft);
        runs.put(dir.base(), ingest(connection, dir.base(), dir.base(), corpus));
        for (FineTuneDir.State s : dir.states()) {
            runs.put(s.id(), ingest(connection, s.dir().toString(), s.id(), corpus));
            new ModelLinks(connection).fineTunedFrom(s.id(), dir.base(), s.step());
            steps.put(s.id(), s.step());
        }
    }

    /** Ingests the corpus with one model (its error spans marked); the (forward pass, error span) per sentence. */
    static List<Object[]> ingest(
            GraphConnection connection, String open, String id, List<CorpusEntry.Sentence> corpus) {
        try (AttentionModel m = ModelCatalog.standard().openAs(open, id, LoadOptions.defaults())) {
            GraphWriter writer = new GraphWriter(connection, StoredWeights.DEFAULT_FLOOR);
            writer.ensureModel(m.info());
            List<Object[]> list = new ArrayList<>();
            for (CorpusEntry.Sentence s : corpus) {
                ForwardResult r = m.encode(s.input());
                writer.write(SentenceMetrics.of(r), RunAnnotations.of(r, m.labels(), s.span()));
                list.add(new Object[] {r, s.span()});
            }
            return list;
        }
    }

    @AfterAll
    static void close() {
        connection.close();
        neo4j.close();
    }

    static TraceResult clsTrace(ForwardResult r) {
        StoredAttention stored = StoredAttention.of(r.attention(), StoredWeights.DEFAULT_FLOOR);
        List<String> tokens = r.tokens().stream().map(TokenInfo::text).toList();
        return MatrixTrace.trace(
                stored,
                tokens,
                TraceRequest.fromCls(r.model().id(), r.input().id()).withTau(TAU),
                null);
    }

    /** The rows of a catalogue query, which must return some on the fixture. */
    static List<Map<String, Object>> rows(String name, Map<String, Object> params) {
        List<Map<String, Object>> rows = queries.run(name, params).rows();
        assertFalse(rows.isEmpty(), name + " returned rows on the fixture corpus");
        return rows;
    }

    @Test
    void checkpointReachIsTheMeanShareOfInputTokensTheClsTraceReachesPerModelInStepOrder() {
        List<Map<String, Object>> rows =
                rows("analyst_checkpoint_cls_reach", Map.of("model", FineTunedFixture.BASE, "tau", TAU));
        List<String> order = new ArrayList<>(runs.keySet()); // base, then the states by step
        assertEquals(order, rows.stream().map(r -> (String) r.get("model")).toList());
        for (Map<String, Object> row : rows) {
            String model = (String) row.get("model");
            double reach = 0, nodes = 0;
            for (Object[] run : runs.get(model)) {
                ForwardResult r = (ForwardResult) run[0];
                TraceResult t = clsTrace(r);
                reach += (double) t.nodes().stream().filter(n -> n.layer() == 0).count() / r.n();
                nodes += t.nodes().size();
            }
            int count = runs.get(model).size();
            assertEquals(count, ((Number) row.get("sentences")).intValue(), model);
            assertEquals(reach / count, PinnedCorpus.d(row, "meanReach"), EPS, model);
            assertEquals(nodes / count, PinnedCorpus.d(row, "meanNodes"), EPS, model);
            if (model.equals(FineTunedFixture.BASE)) assertNull(row.get("step"));
            else assertEquals(steps.get(model), ((Number) row.get("step")).intValue(), model);
        }
    }

    @Test
    void markedShareIsTheShareOfTheClsTracesInputFlowOnTheMarkedTokens() {
        String a = FineTunedFixture.BASE, b = "lt-tiny@final";
        List<Map<String, Object>> rows = rows("analyst_cls_marked_share", Map.of("modelA", a, "modelB", b, "tau", TAU));
        assertEquals(
                List.of(a, b), rows.stream().map(r -> (String) r.get("model")).toList());
        for (int k = 0; k < 2; k++) {
            String model = k == 0 ? a : b;
            double share = 0, wordShare = 0, chance = 0;
            int sentences = 0;
            for (Object[] run : runs.get(model)) {
                ForwardResult r = (ForwardResult) run[0];
                CharSpan span = (CharSpan) run[1];
                boolean[] marked = CharSpan.marks(r.tokens(), span);
                int nMarked = 0, words = 0;
                for (TokenInfo t : r.tokens()) {
                    if (marked[t.pos()]) nMarked++;
                    if (!t.special()) words++;
                }
                if (nMarked == 0) continue;
                double onMarked = 0, total = 0, onWords = 0;
                for (TraceResult.Node n : clsTrace(r).nodes()) {
                    if (n.layer() != 0) continue;
                    total += n.value();
                    if (marked[n.pos()]) onMarked += n.value();
                    if (!r.tokens().get(n.pos()).special()) onWords += n.value();
                }
                share += onMarked / total;
                wordShare += onMarked / onWords;
                chance += (double) nMarked / words;
                sentences++;
            }
            Map<String, Object> row = rows.get(k);
            assertEquals(sentences, ((Number) row.get("sentences")).intValue(), model);
            assertEquals(share / sentences, PinnedCorpus.d(row, "meanShare"), EPS, model);
            assertEquals(wordShare / sentences, PinnedCorpus.d(row, "meanWordShare"), EPS, model);
            assertEquals(chance / sentences, PinnedCorpus.d(row, "chance"), EPS, model);
        }
    }
}
