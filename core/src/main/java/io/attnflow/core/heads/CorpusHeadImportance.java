package io.attnflow.core.heads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Head importance over a corpus (T2): for each head, the mean per sentence of its importance in that sentence's
 * trace, and the number of sentences where the head is in the trace at all.
 *
 * @param model     the model id
 * @param tau       the τ of the traces
 * @param sentences how many sentences were traced
 * @param heads     one score per head, most important first (ties by layer, head)
 */
public record CorpusHeadImportance(String model, double tau, int sentences, List<HeadScore> heads) {

    /** Most important first, then by layer and head. */
    public static final Comparator<HeadScore> ORDER = Comparator.comparingDouble(HeadScore::mean)
            .reversed()
            .thenComparingInt(HeadScore::layer)
            .thenComparingInt(HeadScore::head);

    /**
     * Aggregates per-sentence head importance matrices ({@code [layer-1][head]}, as in
     * {@link io.attnflow.core.trace.TraceResult#headImportance()}).
     */
    public static CorpusHeadImportance of(
            String model, double tau, List<double[][]> perSentence, int layers, int heads) {
        double[][] sum = new double[layers][heads];
        int[][] used = new int[layers][heads];
        for (double[][] s : perSentence) {
            for (int l = 0; l < layers; l++) {
                for (int h = 0; h < heads; h++) {
                    sum[l][h] += s[l][h];
                    if (s[l][h] > 0) used[l][h]++;
                }
            }
        }
        List<HeadScore> scores = new ArrayList<>();
        int count = perSentence.size();
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                scores.add(new HeadScore(l + 1, h, count == 0 ? 0 : sum[l][h] / count, used[l][h]));
            }
        }
        scores.sort(ORDER);
        return new CorpusHeadImportance(model, tau, count, List.copyOf(scores));
    }
}
