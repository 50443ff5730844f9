package io.attnflow.core.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Task T3 over a corpus: the heads that changed most between two models and the sentences where they differ most,
 * over every sentence ingested for both.
 *
 * @param modelA    model A's id
 * @param modelB    model B's id
 * @param tau       threshold τ
 * @param sentences how many sentences both models have
 * @param heads     per common head, lowest mean cosine first (ties by layer, head)
 * @param differing per sentence, lowest mean cosine first (ties by sid)
 */
public record CorpusComparison(
        String modelA,
        String modelB,
        double tau,
        int sentences,
        List<HeadChange> heads,
        List<SentenceDifference> differing) {

    /**
     * Aggregates per-sentence comparisons.
     *
     * @param results the comparisons
     * @param texts   sid → {text, textB} for the sentence list
     */
    public static CorpusComparison of(
            String modelA, String modelB, double tau, List<CompareResult> results, Map<String, String[]> texts) {
        Map<HeadRef, double[]> acc =
                new TreeMap<>(Comparator.comparingInt(HeadRef::layer).thenComparingInt(HeadRef::head));
        List<SentenceDifference> sentences = new ArrayList<>();
        for (CompareResult r : results) {
            for (HeadComparison h : r.heads()) {
                double[] a = acc.computeIfAbsent(new HeadRef(h.layer(), h.head()), k -> new double[4]);
                a[0] += h.cosine();
                a[1] += h.jaccard();
                a[2] += h.inTraceA() && h.inTraceB() ? 1 : 0;
                a[3] += 1;
            }
            String[] t = texts.getOrDefault(r.sid(), new String[2]);
            sentences.add(new SentenceDifference(r.sid(), t[0], t[1], r.meanCosine(), r.jaccard()));
        }
        List<HeadChange> heads = new ArrayList<>();
        acc.forEach((ref, a) ->
                heads.add(new HeadChange(ref.layer(), ref.head(), a[0] / a[3], a[1] / a[3], (int) a[2], (int) a[3])));
        heads.sort(Comparator.comparingDouble(HeadChange::meanCosine)
                .thenComparingInt(HeadChange::layer)
                .thenComparingInt(HeadChange::head));
        sentences.sort(
                Comparator.comparingDouble(SentenceDifference::meanCosine).thenComparing(SentenceDifference::sid));
        return new CorpusComparison(modelA, modelB, tau, results.size(), List.copyOf(heads), List.copyOf(sentences));
    }
}
