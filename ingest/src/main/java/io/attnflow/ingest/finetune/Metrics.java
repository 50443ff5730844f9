package io.attnflow.ingest.finetune;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Classification metrics and the two baselines a fine-tune must beat.
 *
 * @param accuracy share of correct predictions
 * @param mcc      Matthews correlation coefficient (Gorodkin's multi-class form, the usual one for two classes)
 */
public record Metrics(double accuracy, double mcc) {

    /** Accuracy and MCC of {@code predicted} against {@code gold} over {@code classes} classes. */
    public static Metrics of(int[] gold, int[] predicted, int classes) {
        if (gold.length != predicted.length) throw new IllegalArgumentException("lengths differ");
        long[][] confusion = new long[classes][classes];
        for (int i = 0; i < gold.length; i++) confusion[gold[i]][predicted[i]]++;
        long n = gold.length, correct = 0;
        long[] t = new long[classes], p = new long[classes];
        for (int k = 0; k < classes; k++) {
            correct += confusion[k][k];
            for (int j = 0; j < classes; j++) {
                t[k] += confusion[k][j];
                p[k] += confusion[j][k];
            }
        }
        double cov = (double) correct * n, tt = (double) n * n, pp = (double) n * n;
        for (int k = 0; k < classes; k++) {
            cov -= (double) p[k] * t[k];
            tt -= (double) t[k] * t[k];
            pp -= (double) p[k] * p[k];
        }
        double mcc = tt == 0 || pp == 0 ? 0 : cov / Math.sqrt(tt * pp);
        return new Metrics(n == 0 ? 0 : correct / (double) n, mcc);
    }

    /** The most frequent training label, predicted for every dev sentence. */
    public static Metrics majority(List<Example> train, List<Example> dev, int classes) {
        int major = majorityLabel(train, classes);
        int[] gold = dev.stream().mapToInt(Example::label).toArray();
        int[] pred = new int[gold.length];
        java.util.Arrays.fill(pred, major);
        return of(gold, pred, classes);
    }

    /**
     * A length-only classifier: each token count predicts the most frequent training label of that count (the
     * nearest seen count for an unseen one; ties go to the lower label index).
     */
    public static Metrics lengthOnly(List<Example> train, List<Example> dev, int classes) {
        return lengthOnly(
                train.stream().mapToInt(Example::length).toArray(),
                train.stream().mapToInt(Example::label).toArray(),
                dev.stream().mapToInt(Example::length).toArray(),
                dev.stream().mapToInt(Example::label).toArray(),
                classes);
    }

    /** {@link #lengthOnly(List, List, int)} on parallel arrays of lengths and labels. */
    public static Metrics lengthOnly(
            int[] trainLength, int[] trainLabel, int[] devLength, int[] devLabel, int classes) {
        Map<Integer, long[]> byLength = new HashMap<>();
        long[] all = new long[classes];
        for (int i = 0; i < trainLength.length; i++) {
            byLength.computeIfAbsent(trainLength[i], k -> new long[classes])[trainLabel[i]]++;
            all[trainLabel[i]]++;
        }
        TreeMap<Integer, Integer> rule = new TreeMap<>();
        byLength.forEach((len, counts) -> rule.put(len, argmax(counts)));
        int fallback = argmax(all);
        int[] pred = new int[devLength.length];
        for (int i = 0; i < pred.length; i++) {
            int len = devLength[i];
            Map.Entry<Integer, Integer> lo = rule.floorEntry(len), hi = rule.ceilingEntry(len);
            if (lo == null && hi == null) pred[i] = fallback;
            else if (lo == null) pred[i] = hi.getValue();
            else if (hi == null) pred[i] = lo.getValue();
            else pred[i] = len - lo.getKey() <= hi.getKey() - len ? lo.getValue() : hi.getValue();
        }
        return of(devLabel, pred, classes);
    }

    private static int majorityLabel(List<Example> train, int classes) {
        long[] counts = new long[classes];
        for (Example e : train) counts[e.label()]++;
        return argmax(counts);
    }

    private static int argmax(long[] counts) {
        int best = 0;
        for (int k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
        return best;
    }
}
