package io.attnflow.core.compare;

import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.trace.StoredAttention;

/**
 * The cosine similarity of one head's attention matrix in two models (Kovaleva et al. 2019), computed from the
 * stored weights, with a rigorous bound on how far it can be from the cosine of the full float matrices.
 *
 * <p><b>The bound.</b> Let a be the full matrix (flattened) and â the stored one. A kept entry differs by at most
 * the rounding {@code 0.5e-4} (plus float slack); a dropped entry w is below the floor f. Each row of a sums to 1,
 * so the dropped mass of row r is D_r ≤ 1 + δ − Σ_kept ŵ + k_r·0.5e-4 (δ = 1e-5 float slack), and the dropped
 * entries contribute Σ w² ≤ f·D_r. Hence ‖a − â‖² ≤ ε² = Σ_r f·max(0, D_r) + K·(0.5e-4 + 1e-7)², with K the kept
 * entries. The angle between a and â is at most θ = arcsin(min(1, ε / ‖â‖)), the angle between a and b differs from
 * the one between â and b̂ by at most θ_A + θ_B, and cosine is 1-Lipschitz in the angle, so
 * |cos(a, b) − cos(â, b̂)| ≤ min(1, θ_A + θ_B) (1 because all entries are non-negative, so cosines lie in [0, 1]).
 *
 * <p>The Cypher query {@code compare.cypher} computes the same three sums and the same bound.
 */
public final class HeadCosine {
    /** Half the quantization step of a scale plus float slack: the largest error of a kept weight. */
    public static double keptError(int scale) {
        return StoredWeights.halfStep(scale) + 1e-7;
    }
    /** Slack for a float32 softmax row that does not sum to exactly 1. */
    public static final double ROW_SUM_SLACK = 1e-5;

    private HeadCosine() {}

    /** The cosine of the stored matrices and its bound. */
    public record Result(double cosine, double bound) {}

    /**
     * The cosine of head (layer, head)'s stored matrices in two models of the same length, and its bound: one pass
     * over the two matrices. A zero entry adds nothing to any sum, so only the stored entries are summed, in the order
     * (i, j) of the definitions above; the sums, and so the results, are those of the full dense loops.
     */
    public static Result of(StoredAttention a, StoredAttention b, int layer, int head) {
        int n = a.n(), sa = a.scale(), sb = b.scale();
        double dot = 0, na = 0, nb = 0, ea = 0, eb = 0;
        for (int i = 0; i < n; i++) {
            double keptA = 0, keptB = 0;
            int countA = 0, countB = 0;
            for (int j = 0; j < n; j++) {
                int qa = a.q(layer, head, i, j), qb = b.q(layer, head, i, j);
                if (qa != 0) {
                    double x = StoredWeights.dequantize(qa, sa);
                    na += x * x;
                    if (qb != 0) dot += x * StoredWeights.dequantize(qb, sb);
                    if (qa > 0) {
                        keptA += x;
                        countA++;
                    }
                }
                if (qb != 0) {
                    double y = StoredWeights.dequantize(qb, sb);
                    nb += y * y;
                    if (qb > 0) {
                        keptB += y;
                        countB++;
                    }
                }
            }
            ea += rowError(a.floor(), keptA, countA, sa);
            eb += rowError(b.floor(), keptB, countB, sb);
        }
        double cosine = na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
        double bound = Math.min(1, angleBound(ea, na) + angleBound(eb, nb));
        return new Result(cosine, bound);
    }

    /** θ = arcsin(min(1, ε / ‖â‖)), π/2 when nothing is stored. */
    public static double angleBound(double errorSquared, double normSquared) {
        if (normSquared == 0) return Math.PI / 2;
        return Math.asin(Math.min(1, Math.sqrt(errorSquared / normSquared)));
    }

    /** One row's share of ε²: f·max(0, D_r) + k_r·(kept error)². */
    public static double rowError(double floor, double keptSum, int keptCount, int scale) {
        double dropped = 1 + ROW_SUM_SLACK - keptSum + keptCount * StoredWeights.halfStep(scale);
        double kept = keptError(scale);
        return floor * Math.max(0, dropped) + keptCount * kept * kept;
    }
}
