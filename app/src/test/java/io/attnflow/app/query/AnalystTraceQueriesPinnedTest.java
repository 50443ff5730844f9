package io.attnflow.app.query;

import static io.attnflow.app.query.PinnedCorpus.A;
import static io.attnflow.app.query.PinnedCorpus.ORDER;
import static io.attnflow.app.query.PinnedCorpus.TAU;
import static io.attnflow.app.query.PinnedCorpus.clsTrace;
import static io.attnflow.app.query.PinnedCorpus.d;
import static io.attnflow.app.query.PinnedCorpus.headsOf;
import static io.attnflow.app.query.PinnedCorpus.i;
import static io.attnflow.app.query.PinnedCorpus.run;
import static io.attnflow.app.query.PinnedCorpus.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.attnflow.app.query.PinnedCorpus.Head;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.trace.TraceResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The {@code analyst_*} queries that trace every sentence of {@link PinnedCorpus} (ingested with the real bundled
 * models): their rows equal what {@link io.attnflow.core.trace.MatrixTrace} computes on the same stored weights,
 * never numbers written by hand.
 */
class AnalystTraceQueriesPinnedTest {
    @Test
    void labelHeadsEqualTheShareOfTracesUsingEachHeadPerLabel() {
        List<SentenceMetrics> all = runs(A);
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
        for (SentenceMetrics m : runs(A)) {
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
        for (SentenceMetrics m : runs(A)) {
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
}
