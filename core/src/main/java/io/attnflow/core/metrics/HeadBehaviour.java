package io.attnflow.core.metrics;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.TokenInfo;
import java.util.List;

/**
 * What one head does on one sentence (Clark et al. 2019), computed from its full n × n attention matrix.
 *
 * <p>Each "attention to X" is the mean over all n rows i of the attention mass row i puts on the positions X:
 * {@code (1/n) Σ_i Σ_{j∈X(i)} A[i, j]}. For {@code prev} X(i) = {i-1} (empty for i = 0) and for {@code next}
 * X(i) = {i+1} (empty for i = n-1), so those rows contribute 0. {@code entropy} is the mean over rows of
 * {@code -Σ_j p_j ln p_j} in nats, where each row is first smoothed as in Clark et al.'s code,
 * {@code p = 0.9999·A[i, ·] + 0.0001/n}. Punctuation is what their code counts: the tokens {@code .} and {@code ,}.
 *
 * <p>Their two delimiter metrics: {@code sepSep} is the mean over the {@code [SEP]} rows of the attention to
 * {@code [SEP]} tokens, {@code (1/|S|) Σ_{i∈S} Σ_{j∈S} A[i, j]}, and {@code restSep} the mean over all other rows,
 * {@code (1/(n-|S|)) Σ_{i∉S} Σ_{j∈S} A[i, j]} (S = the {@code [SEP]} positions; 0 when there are no such rows). Their
 * code divides by 2 and by n − 2, which is the same on their inputs, which always held two {@code [SEP]}s; here a
 * single sentence (one {@code [SEP]}) is averaged over the rows it has.
 *
 * @param layer   the layer, 1..L
 * @param head    the head, 0-based
 * @param cls     mean attention to {@code [CLS]} / {@code <s>}
 * @param sep     mean attention to {@code [SEP]} / {@code </s>} (all of them, in a pair both)
 * @param punct   mean attention to the punctuation tokens {@code .} and {@code ,} (Clark et al.'s rule)
 * @param self    mean attention to the token itself (the diagonal)
 * @param prev    mean attention to the previous token
 * @param next    mean attention to the next token
 * @param entropy mean entropy in nats of the smoothed rows
 * @param sepSep  mean attention of the {@code [SEP]} rows to {@code [SEP]} (Clark et al.'s {@code sep_sep})
 * @param restSep mean attention of the other rows to {@code [SEP]} (Clark et al.'s {@code rest_sep})
 */
public record HeadBehaviour(
        int layer,
        int head,
        double cls,
        double sep,
        double punct,
        double self,
        double prev,
        double next,
        double entropy,
        double sepSep,
        double restSep) {

    /** Clark et al.'s row smoothing before the entropy: {@code a ← 0.9999·a + 0.0001/n}. */
    static final double SMOOTH_KEEP = 0.9999, SMOOTH_ADD = 0.0001;

    /** The behaviour of every head: element [l-1][h] is layer l, head h. */
    public static HeadBehaviour[][] ofAll(AttentionTensor attention, List<TokenInfo> tokens) {
        TokenClasses classes = TokenClasses.of(tokens, attention.n());
        HeadBehaviour[][] all = new HeadBehaviour[attention.layers()][attention.heads()];
        for (int l = 1; l <= attention.layers(); l++) {
            for (int h = 0; h < attention.heads(); h++) {
                all[l - 1][h] = compute(attention, l, h, classes);
            }
        }
        return all;
    }

    /** The behaviour of one head (layer 1..L, head 0-based). */
    public static HeadBehaviour of(AttentionTensor attention, int layer, int head, List<TokenInfo> tokens) {
        return compute(attention, layer, head, TokenClasses.of(tokens, attention.n()));
    }

    private static HeadBehaviour compute(AttentionTensor a, int layer, int head, TokenClasses c) {
        int n = a.n();
        double cls = 0, sep = 0, punct = 0, self = 0, prev = 0, next = 0, entropy = 0, sepSep = 0, restSep = 0;
        int sepRows = 0;
        for (int i = 0; i < n; i++) {
            float[] row = a.row(layer, head, i);
            if (c.sep[i]) sepRows++;
            for (int j = 0; j < n; j++) {
                double w = row[j];
                if (c.cls[j]) cls += w;
                if (c.sep[j]) {
                    sep += w;
                    if (c.sep[i]) sepSep += w;
                    else restSep += w;
                }
                if (c.punct[j]) punct += w;
                double p = SMOOTH_KEEP * w + SMOOTH_ADD / n;
                entropy -= p * Math.log(p);
            }
            self += row[i];
            if (i > 0) prev += row[i - 1];
            if (i < n - 1) next += row[i + 1];
        }
        return new HeadBehaviour(
                layer,
                head,
                cls / n,
                sep / n,
                punct / n,
                self / n,
                prev / n,
                next / n,
                entropy / n,
                sepRows == 0 ? 0 : sepSep / sepRows,
                sepRows == n ? 0 : restSep / (n - sepRows));
    }

    /** Which positions are [CLS], [SEP] and punctuation. */
    private record TokenClasses(boolean[] cls, boolean[] sep, boolean[] punct) {
        static TokenClasses of(List<TokenInfo> tokens, int n) {
            if (tokens.size() != n) {
                throw new IllegalArgumentException(
                        "attention is over " + n + " tokens but " + tokens.size() + " were given");
            }
            boolean[] cls = new boolean[n], sep = new boolean[n], punct = new boolean[n];
            for (TokenInfo t : tokens) {
                int p = t.pos();
                cls[p] = isCls(t);
                sep[p] = isSep(t);
                punct[p] = !t.special() && isPunctuation(t.text());
            }
            return new TokenClasses(cls, sep, punct);
        }
    }

    /** True for {@code [CLS]} (BERT) and {@code <s>} (RoBERTa). */
    public static boolean isCls(TokenInfo t) {
        return t.special() && ("[CLS]".equals(t.text()) || "<s>".equals(t.text()));
    }

    /** True for {@code [SEP]} (BERT) and {@code </s>} (RoBERTa). */
    public static boolean isSep(TokenInfo t) {
        return t.special() && ("[SEP]".equals(t.text()) || "</s>".equals(t.text()));
    }

    /**
     * True when the word piece, without its continuation marker ({@code ##}, {@code Ġ}, {@code ▁}), is {@code .} or
     * {@code ,}: the punctuation Clark et al.'s code counts ({@code ?}, {@code ;} and the rest are not).
     */
    public static boolean isPunctuation(String piece) {
        String s = piece;
        if (s.startsWith("##") && s.length() > 2) s = s.substring(2);
        else if (s.startsWith("Ġ") || s.startsWith("▁")) s = s.substring(1);
        return s.equals(".") || s.equals(",");
    }
}
