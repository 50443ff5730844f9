package io.attnflow.app.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.attnflow.core.metrics.HeadBehaviour;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
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
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Every {@code analyst_*} query on a fixed small corpus, ingested with the two bundled bge-small models: the rows
 * equal what the core classes compute from the same forward passes ({@link MatrixTrace} on the stored weights,
 * {@link HeadBehaviour}, {@link io.attnflow.core.metrics.Rollout}), never numbers written by hand.
 */
class AnalystQueriesPinnedTest {
    static final String A = "bge-small-en-v1.5";
    static final String B = "bge-small-en";
    static final double TAU = 0.1;
    static final List<SentenceInput> CORPUS = List.of(
            new SentenceInput("The movie was not good at all.", null, "pin", "negation"),
            new SentenceInput("The film was good.", null, "pin", "positive"),
            new SentenceInput("Nobody liked the movie.", null, "pin", "negation"),
            new SentenceInput("A man is playing a guitar.", "Someone plays music.", "pin", "entailment"),
            new SentenceInput("The movie was long.", "The film was short.", "pin", "contradiction"));

    static Neo4j neo4j;
    static GraphConnection connection;
    static AttentionQueries queries;
    static Map<String, List<SentenceMetrics>> runs = new HashMap<>();

    @BeforeAll
    static void ingest() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        queries = AttentionQueries.of(connection);
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
            runs.put(id, list);
        }
    }

    @AfterAll
    static void close() {
        connection.close();
        neo4j.close();
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
        List<Map<String, Object>> rows = queries.run(name, p).rows();
        assertFalse(rows.isEmpty(), name + " returned rows on the fixture corpus");
        return rows;
    }

    static double d(Map<String, Object> row, String k) {
        return ((Number) row.get(k)).doubleValue();
    }

    static long i(Map<String, Object> row, String k) {
        return ((Number) row.get(k)).longValue();
    }

    @Test
    void labelHeadsEqualTheShareOfTracesUsingEachHeadPerLabel() {
        List<SentenceMetrics> all = runs.get(A);
        Map<Head, int[]> uses = new TreeMap<>(ORDER); // [in label, in other]
        int nLabel = 0, nOther = 0;
        for (SentenceMetrics m : all) {
            boolean labelled = "negation".equals(m.forward().input().label());
            if (labelled) nLabel++;
            else nOther++;
            for (Head h : headsOf(clsTrace(A, m.forward()).edges()))
                uses.computeIfAbsent(h, x -> new int[2])[labelled ? 0 : 1]++;
        }
        List<Object[]> expected = new ArrayList<>();
        for (var e : uses.entrySet()) {
            double label = (double) e.getValue()[0] / nLabel, other = (double) e.getValue()[1] / nOther;
            expected.add(new Object[] {e.getKey(), label, other, label - other});
        }
        expected.sort(Comparator.<Object[]>comparingDouble(x -> -(double) x[3]).thenComparing(x -> (Head) x[0], ORDER));
        int limit = 15;
        List<Map<String, Object>> rows =
                run("analyst_label_heads", "model", A, "label", "negation", "tau", TAU, "limit", limit);
        assertEquals(Math.min(limit, expected.size()), rows.size());
        for (int k = 0; k < rows.size(); k++) {
            Object[] e = expected.get(k);
            Map<String, Object> r = rows.get(k);
            assertEquals(e[0], new Head((int) i(r, "layer"), (int) i(r, "head")), "row " + k);
            assertEquals((double) e[1], d(r, "labelShare"), 1e-12);
            assertEquals((double) e[2], d(r, "otherShare"), 1e-12);
        }
    }

    @Test
    void clsReachesWordCountsTheTracesWithAnEdgeFromTheWord() {
        String word = "movie";
        Map<Head, Integer> reaching = new TreeMap<>(ORDER);
        int total = 0;
        for (SentenceMetrics m : runs.get(A)) {
            ForwardResult r = m.forward();
            Set<Integer> positions = new TreeSet<>();
            for (TokenInfo t : r.tokens()) if (t.text().equals(word)) positions.add(t.pos());
            if (positions.isEmpty()) continue;
            total++;
            List<TraceResult.Edge> fromWord = clsTrace(A, r).edges().stream()
                    .filter(e -> positions.contains(e.fromPos()))
                    .toList();
            for (Head h : headsOf(fromWord)) reaching.merge(h, 1, Integer::sum);
        }
        double share = 0.4;
        List<Object[]> expected = new ArrayList<>();
        for (var e : reaching.entrySet()) {
            if (e.getValue() > share * total) expected.add(new Object[] {e.getKey(), e.getValue()});
        }
        expected.sort(Comparator.<Object[]>comparingInt(x -> -(int) x[1]).thenComparing(x -> (Head) x[0], ORDER));
        List<Map<String, Object>> rows =
                run("analyst_cls_reaches_word", "model", A, "word", word, "tau", TAU, "share", share);
        assertEquals(expected.size(), rows.size());
        for (int k = 0; k < rows.size(); k++) {
            Map<String, Object> r = rows.get(k);
            assertEquals(expected.get(k)[0], new Head((int) i(r, "layer"), (int) i(r, "head")), "row " + k);
            assertEquals((int) expected.get(k)[1], i(r, "reaching"));
            assertEquals(total, i(r, "total"));
        }
    }

    @Test
    void pairCrossHeadsSumTheTraceWeightBetweenTheTwoSentences() {
        Map<Head, double[]> cross = new TreeMap<>(ORDER); // [weight, edges, pairs using]
        int pairs = 0;
        for (SentenceMetrics m : runs.get(A)) {
            ForwardResult r = m.forward();
            if (r.input().textB() == null) continue;
            pairs++;
            Map<Head, double[]> here = new TreeMap<>(ORDER);
            for (TraceResult.Edge e : clsTrace(A, r).edges()) {
                TokenInfo to = r.tokens().get(e.toPos()), from = r.tokens().get(e.fromPos());
                if (to.special() || from.special() || to.type() == from.type()) continue;
                double[] x = here.computeIfAbsent(new Head(e.toLayer(), e.head()), h -> new double[2]);
                x[0] += e.w();
                x[1]++;
            }
            here.forEach((h, x) -> {
                double[] y = cross.computeIfAbsent(h, k -> new double[3]);
                y[0] += x[0];
                y[1] += x[1];
                y[2]++;
            });
        }
        int total = pairs;
        List<Map.Entry<Head, double[]>> expected = new ArrayList<>(cross.entrySet());
        expected.sort(Comparator.<Map.Entry<Head, double[]>>comparingDouble(e -> -e.getValue()[0] / total)
                .thenComparing(Map.Entry::getKey, ORDER));
        int limit = 20;
        List<Map<String, Object>> rows = run("analyst_pair_cross_heads", "model", A, "tau", TAU, "limit", limit);
        assertEquals(Math.min(limit, expected.size()), rows.size());
        for (int k = 0; k < rows.size(); k++) {
            var e = expected.get(k);
            Map<String, Object> r = rows.get(k);
            assertEquals(e.getKey(), new Head((int) i(r, "layer"), (int) i(r, "head")), "row " + k);
            assertEquals(e.getValue()[0] / total, d(r, "meanCrossWeight"), 1e-9);
            assertEquals((long) e.getValue()[1], i(r, "crossEdges"));
            assertEquals((long) e.getValue()[2], i(r, "pairsUsing"));
            assertEquals(total, i(r, "pairs"));
        }
    }

    @Test
    void rolloutWordsAverageTheStoredRolloutOfEachWord() {
        Map<String, double[]> words = new TreeMap<>(); // [sum, count]
        for (SentenceMetrics m : runs.get(A)) {
            for (TokenInfo t : m.forward().tokens()) {
                if (t.special()) continue;
                double[] x = words.computeIfAbsent(t.text(), w -> new double[2]);
                x[0] += m.rollout()[t.pos()];
                x[1]++;
            }
        }
        int minCount = 2;
        List<Map.Entry<String, double[]>> expected = new ArrayList<>(words.entrySet().stream()
                .filter(e -> e.getValue()[1] >= minCount)
                .toList());
        expected.sort(Comparator.<Map.Entry<String, double[]>>comparingDouble(e -> -e.getValue()[0] / e.getValue()[1])
                .thenComparing(Map.Entry::getKey));
        List<Map<String, Object>> rows = run("analyst_rollout_words", "model", A, "minCount", minCount, "limit", 100);
        assertEquals(expected.size(), rows.size());
        for (int k = 0; k < rows.size(); k++) {
            var e = expected.get(k);
            assertEquals(e.getKey(), rows.get(k).get("word"), "row " + k);
            assertEquals(e.getValue()[0] / e.getValue()[1], d(rows.get(k), "meanRollout"), 1e-12);
            assertEquals((long) e.getValue()[1], i(rows.get(k), "occurrences"));
        }
    }

    @Test
    void sepHeadsAverageTheStoredBehaviourOfEveryModel() {
        double share = 0.3;
        List<Object[]> expected = new ArrayList<>(); // model, head, sep, cls, sentences
        for (String model : new TreeSet<>(runs.keySet())) {
            List<SentenceMetrics> list = runs.get(model);
            HeadBehaviour[][] first = list.get(0).behaviour();
            List<Object[]> ofModel = new ArrayList<>();
            for (int l = 0; l < first.length; l++) {
                for (int h = 0; h < first[l].length; h++) {
                    double sep = 0, cls = 0;
                    for (SentenceMetrics m : list) {
                        sep += m.behaviour()[l][h].sep();
                        cls += m.behaviour()[l][h].cls();
                    }
                    sep /= list.size();
                    cls /= list.size();
                    if (sep > share) ofModel.add(new Object[] {model, new Head(l + 1, h), sep, cls, list.size()});
                }
            }
            ofModel.sort(
                    Comparator.<Object[]>comparingDouble(x -> -(double) x[2]).thenComparing(x -> (Head) x[1], ORDER));
            expected.addAll(ofModel);
        }
        List<Map<String, Object>> rows = run("analyst_sep_heads", "share", share);
        assertEquals(expected.size(), rows.size());
        for (int k = 0; k < rows.size(); k++) {
            Object[] e = expected.get(k);
            Map<String, Object> r = rows.get(k);
            assertEquals(
                    List.of(e[0], e[1]), List.of(r.get("model"), new Head((int) i(r, "layer"), (int) i(r, "head"))));
            assertEquals((double) e[2], d(r, "sep"), 1e-9);
            assertEquals((double) e[3], d(r, "cls"), 1e-9);
            assertEquals((int) e[4], i(r, "sentences"));
        }
    }

    @Test
    void behaviourShiftAveragesTheDifferenceOfTheTwoModelsHeads() {
        List<SentenceMetrics> a = runs.get(A), b = runs.get(B);
        HeadBehaviour[][] shape = a.get(0).behaviour();
        List<Object[]> expected = new ArrayList<>(); // head, meanShift, meanEntropyShift, sepAminusB, prevAminusB
        for (int l = 0; l < shape.length; l++) {
            for (int h = 0; h < shape[l].length; h++) {
                double shift = 0, entropy = 0, sep = 0, prev = 0;
                for (int s = 0; s < a.size(); s++) {
                    HeadBehaviour x = a.get(s).behaviour()[l][h], y = b.get(s).behaviour()[l][h];
                    shift += Math.abs(x.cls() - y.cls())
                            + Math.abs(x.sep() - y.sep())
                            + Math.abs(x.punct() - y.punct())
                            + Math.abs(x.self() - y.self())
                            + Math.abs(x.prev() - y.prev())
                            + Math.abs(x.next() - y.next());
                    entropy += Math.abs(x.entropy() - y.entropy());
                    sep += x.sep() - y.sep();
                    prev += x.prev() - y.prev();
                }
                int n = a.size();
                expected.add(new Object[] {new Head(l + 1, h), shift / n, entropy / n, sep / n, prev / n});
            }
        }
        expected.sort(Comparator.<Object[]>comparingDouble(x -> -(double) x[1]).thenComparing(x -> (Head) x[0], ORDER));
        int limit = 10;
        List<Map<String, Object>> rows = run("analyst_behaviour_shift", "modelA", A, "modelB", B, "limit", limit);
        assertEquals(limit, rows.size());
        for (int k = 0; k < rows.size(); k++) {
            Object[] e = expected.get(k);
            Map<String, Object> r = rows.get(k);
            assertEquals(e[0], new Head((int) i(r, "layer"), (int) i(r, "head")), "row " + k);
            assertEquals((double) e[1], d(r, "meanShift"), 1e-9);
            assertEquals((double) e[2], d(r, "meanEntropyShift"), 1e-9);
            assertEquals((double) e[3], d(r, "sepAminusB"), 1e-9);
            assertEquals((double) e[4], d(r, "prevAminusB"), 1e-9);
            assertEquals(a.size(), i(r, "sentences"));
        }
    }
}
