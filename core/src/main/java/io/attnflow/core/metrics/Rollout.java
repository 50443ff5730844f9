package io.attnflow.core.metrics;

import io.attnflow.core.model.AttentionTensor;

/**
 * Attention rollout (Abnar &amp; Zuidema 2020), exactly as in the definitions: Â_l = 0.5·mean_h A^l_h + 0.5·I,
 * R_1 = Â_1, R_l = Â_l·R_{l-1}. Row i of R_L says how much each input token contributes to token i after the
 * last layer; the {@code [CLS]} row (row 0) is each input token's relevance.
 *
 * <p>Every Â_l is row-stochastic when the attention rows sum to 1, so every row of R_L sums to 1 as well.
 */
public final class Rollout {
    private final double[][] matrix;

    private Rollout(double[][] matrix) {
        this.matrix = matrix;
    }

    /** Rolls attention out over all layers 1..L. */
    public static Rollout of(AttentionTensor attention) {
        return upTo(attention, attention.layers());
    }

    /** Rolls attention out over layers 1..lastLayer (R_lastLayer). */
    public static Rollout upTo(AttentionTensor attention, int lastLayer) {
        if (lastLayer < 1 || lastLayer > attention.layers()) {
            throw new IllegalArgumentException("lastLayer must be in 1.." + attention.layers() + ", was " + lastLayer);
        }
        double[][] r = augmented(attention, 1);
        for (int l = 2; l <= lastLayer; l++) {
            r = multiply(augmented(attention, l), r);
        }
        return new Rollout(r);
    }

    /** Â_l = 0.5·mean_h A^l_h + 0.5·I. */
    static double[][] augmented(AttentionTensor attention, int layer) {
        int n = attention.n();
        int heads = attention.heads();
        double[][] a = new double[n][n];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    a[i][j] += attention.weight(layer, h, i, j);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = 0.5 * a[i][j] / heads;
            }
            a[i][i] += 0.5;
        }
        return a;
    }

    private static double[][] multiply(double[][] x, double[][] y) {
        int n = x.length;
        double[][] z = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                double xik = x[i][k];
                if (xik == 0) continue;
                double[] yk = y[k];
                double[] zi = z[i];
                for (int j = 0; j < n; j++) {
                    zi[j] += xik * yk[j];
                }
            }
        }
        return z;
    }

    /** The sequence length n. */
    public int n() {
        return matrix.length;
    }

    /** A copy of the full rollout matrix R (n × n). */
    public double[][] matrix() {
        double[][] copy = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) copy[i] = matrix[i].clone();
        return copy;
    }

    /** Row i of R: the relevance of every input token for token i. */
    public double[] row(int i) {
        return matrix[i].clone();
    }

    /** The {@code [CLS]} row (row 0): each input token's relevance, the per-token value stored at ingest. */
    public double[] clsRow() {
        return row(0);
    }
}
