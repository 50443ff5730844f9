package io.attnflow.core.headgraph;

import io.attnflow.core.metrics.HeadBehaviour;
import io.attnflow.core.trace.StoredAttention;
import java.util.List;

/**
 * Kovaleva et al.'s (2019) five attention patterns, given to a head by simple rules on three shares of its attention
 * averaged over the corpus (each a mean over rows, then over sentences):
 *
 * <ul>
 *   <li>{@code vertical} v: the mass on {@code [CLS]}, {@code [SEP]} and the punctuation {@code .} and {@code ,}
 *       (the tokens Kovaleva et al.'s vertical stripes fall on);
 *   <li>{@code diagonal} d: the mass on the band |i − j| ≤ 1 (self, previous, next) at the other positions;
 *   <li>{@code block} b: the mass on 2 ≤ |i − j| ≤ 3 at the other positions (local blocks beyond the band).
 * </ul>
 *
 * The rules, first match wins: v ≥ 0.25, d ≥ 0.25 and v + d ≥ 0.7 → {@link #VERTICAL_DIAGONAL}; v ≥ 0.6 → {@link
 * #VERTICAL}; d ≥ 0.6 → {@link #DIAGONAL}; d + b ≥ 0.6 → {@link #BLOCK}; else {@link #HETEROGENEOUS}. Why these
 * thresholds: docs/DESIGN.md, The head graph.
 */
public enum HeadPattern {
    VERTICAL,
    DIAGONAL,
    VERTICAL_DIAGONAL,
    BLOCK,
    HETEROGENEOUS;

    /** The label of a head with these corpus-mean shares. */
    public static HeadPattern of(Shares s) {
        if (s.vertical() >= 0.25 && s.diagonal() >= 0.25 && s.vertical() + s.diagonal() >= 0.7) {
            return VERTICAL_DIAGONAL;
        }
        if (s.vertical() >= 0.6) return VERTICAL;
        if (s.diagonal() >= 0.6) return DIAGONAL;
        if (s.diagonal() + s.block() >= 0.6) return BLOCK;
        return HETEROGENEOUS;
    }

    /** The label in lower case with {@code +}, as stored: {@code vertical+diagonal}. */
    public String label() {
        return name().toLowerCase().replace('_', '+');
    }

    /**
     * The three shares of a head's attention.
     *
     * @param vertical on {@code [CLS]}, {@code [SEP]}, {@code .} and {@code ,}
     * @param diagonal on |i − j| ≤ 1 elsewhere
     * @param block    on 2 ≤ |i − j| ≤ 3 elsewhere
     */
    public record Shares(double vertical, double diagonal, double block) {
        /** The shares of head (layer, head) on one sentence (mean over its rows). */
        public static Shares of(StoredAttention a, int layer, int head, List<String> tokens) {
            int n = a.n();
            boolean[] marked = verticalTokens(tokens, n);
            double v = 0, d = 0, b = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double w = a.w(layer, head, i, j);
                    int dist = Math.abs(i - j);
                    if (marked[j]) v += w;
                    else if (dist <= 1) d += w;
                    else if (dist <= 3) b += w;
                }
            }
            return new Shares(v / n, d / n, b / n);
        }

        /** The mean of several sentences' shares. */
        public static Shares mean(List<Shares> all) {
            double v = 0, d = 0, b = 0;
            for (Shares s : all) {
                v += s.vertical;
                d += s.diagonal;
                b += s.block;
            }
            int k = Math.max(1, all.size());
            return new Shares(v / k, d / k, b / k);
        }

        private static boolean[] verticalTokens(List<String> tokens, int n) {
            if (tokens.size() != n) {
                throw new IllegalArgumentException(
                        "attention is over " + n + " tokens but " + tokens.size() + " were given");
            }
            boolean[] marked = new boolean[n];
            for (int p = 0; p < n; p++) {
                String t = tokens.get(p);
                marked[p] = t.equals("[CLS]")
                        || t.equals("[SEP]")
                        || t.equals("<s>")
                        || t.equals("</s>")
                        || HeadBehaviour.isPunctuation(t);
            }
            return marked;
        }
    }
}
