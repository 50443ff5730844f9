package io.attnflow.core.model;

import java.util.List;

/**
 * What ingest stores next to a sentence's attention besides the metrics: the classifier's prediction (on the
 * {@code Run}) and which input tokens the corpus marks as the error ({@code Token.marked}).
 *
 * @param prediction the prediction, or null when the model has no classifier head
 * @param marked     by position: the token overlaps the corpus's error span (length n)
 */
public record RunAnnotations(Prediction prediction, boolean[] marked) {
    /** Nothing to add: no prediction, no marks. */
    public static RunAnnotations none(int n) {
        return new RunAnnotations(null, new boolean[n]);
    }

    /**
     * The annotations of a forward pass.
     *
     * @param labels the model's label names (empty without a classifier head)
     * @param span   the corpus's error span in text A, or null
     */
    public static RunAnnotations of(ForwardResult result, List<String> labels, CharSpan span) {
        Prediction p = result.logits() == null || labels.isEmpty()
                ? null
                : Prediction.of(result.logits(), labels, result.input().label());
        return new RunAnnotations(p, CharSpan.marks(result.tokens(), span));
    }
}
