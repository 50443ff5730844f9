package io.attnflow.app.query;

import static io.attnflow.app.query.PinnedCorpus.A;
import static io.attnflow.app.query.PinnedCorpus.B;
import static io.attnflow.app.query.PinnedCorpus.ORDER;
import static io.attnflow.app.query.PinnedCorpus.d;
import static io.attnflow.app.query.PinnedCorpus.i;
import static io.attnflow.app.query.PinnedCorpus.run;
import static io.attnflow.app.query.PinnedCorpus.runs;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.attnflow.app.query.PinnedCorpus.Head;
import io.attnflow.core.metrics.HeadBehaviour;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.TokenInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;

/**
 * The {@code analyst_*} queries over values stored at ingest (rollout, Clark et al. behaviour) on {@link
 * PinnedCorpus}: their rows equal what {@link HeadBehaviour} and {@link io.attnflow.core.metrics.Rollout} computed
 * from the same forward passes, never numbers written by hand.
 */
class AnalystStoredQueriesPinnedTest {
    @Test
    void rolloutWordsAverageTheStoredRolloutOfEachWord() {
        Map<String, double[]> words = new TreeMap<>(); // [sum, count]
        for (SentenceMetrics m : runs(A)) {
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
        for (String model : new TreeSet<>(java.util.List.of(A, B))) {
            List<SentenceMetrics> list = runs(model);
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
        List<SentenceMetrics> a = runs(A), b = runs(B);
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

    /**
     * analyst_behaviour_shift takes B's partner of each head stat from a per-sentence list instead of a seek per pair:
     * its rows equal its former text's ({@code former/}), both ways round and over every head.
     */
    @Test
    void behaviourShiftEqualsItsFormerText() throws IOException {
        String former;
        try (InputStream in = getClass().getResourceAsStream("former/analyst_behaviour_shift.cypher")) {
            former = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (List<String> ab : List.of(List.of(A, B), List.of(B, A))) {
            Map<String, Object> p = Map.of("modelA", ab.get(0), "modelB", ab.get(1), "limit", 1000);
            List<Map<String, Object>> expected;
            try (Session s = PinnedCorpus.connection().session()) {
                expected = s.run(former, p).list(r -> r.asMap());
            }
            List<Map<String, Object>> rows =
                    run("analyst_behaviour_shift", "modelA", ab.get(0), "modelB", ab.get(1), "limit", 1000);
            assertEquals(expected.size(), rows.size(), ab.toString());
            for (int k = 0; k < rows.size(); k++) {
                for (String c : expected.get(k).keySet()) {
                    Object e = expected.get(k).get(c), a = rows.get(k).get(c);
                    if (e instanceof Double ed)
                        assertEquals(ed, ((Number) a).doubleValue(), 1e-12, ab + " row " + k + " " + c);
                    else assertEquals(e, a, ab + " row " + k + " " + c);
                }
            }
        }
    }
}
