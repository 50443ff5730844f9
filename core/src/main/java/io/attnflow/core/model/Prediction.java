package io.attnflow.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A classifier's decision on one sentence, as ingest stores it on the {@code Run} node and the API serves it.
 *
 * @param label         the predicted label: the one with the largest logit (the first on a tie)
 * @param probabilities softmax of the logits, by label name, in the model's label order
 * @param gold          the sentence's gold label ({@code Sentence.label}), or null
 * @param correct       whether {@code label} equals {@code gold}; null without a gold label or when the gold label
 *     is not one of the model's labels (the question has no answer then)
 */
public record Prediction(String label, Map<String, Double> probabilities, String gold, Boolean correct) {

    public Prediction {
        probabilities = Collections.unmodifiableMap(new LinkedHashMap<>(probabilities));
    }

    /**
     * The prediction of a forward pass's logits.
     *
     * @param logits one per label, in the order of {@code labels}
     * @param labels the model's label names by logit index
     * @param gold   the gold label, or null
     */
    public static Prediction of(float[] logits, List<String> labels, String gold) {
        if (logits.length != labels.size()) {
            throw new IllegalArgumentException(logits.length + " logits for " + labels.size() + " labels");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) max = Math.max(max, z);
        double[] e = new double[logits.length];
        double sum = 0;
        for (int k = 0; k < e.length; k++) sum += e[k] = Math.exp(logits[k] - max);
        List<Double> p = new ArrayList<>(e.length);
        for (double x : e) p.add(x / sum);
        return ofStored(labels, p, argmax(logits, labels), gold);
    }

    /** The prediction as it is stored: the label list of the Model, the probabilities of the Run, its label. */
    public static Prediction ofStored(List<String> labels, List<Double> probabilities, String label, String gold) {
        Map<String, Double> byLabel = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) byLabel.put(labels.get(k), probabilities.get(k));
        Boolean correct = gold == null || !labels.contains(gold) ? null : gold.equals(label);
        return new Prediction(label, byLabel, gold, correct);
    }

    /** The probabilities as a list in label order, as the {@code Run.probabilities} property holds them. */
    public List<Double> probabilityList() {
        return List.copyOf(probabilities.values());
    }

    private static String argmax(float[] logits, List<String> labels) {
        int best = 0;
        for (int k = 1; k < logits.length; k++) if (logits[k] > logits[best]) best = k;
        return labels.get(best);
    }
}
