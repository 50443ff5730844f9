package io.attnflow.core.headgraph;

import io.attnflow.core.trace.StoredAttention;

/**
 * The Jensen–Shannon divergence between two heads' attention on one sentence, as Clark et al. compute it in
 * {@code head_distances.py}: every row is smoothed as {@code p ← 0.999·a + 0.001/n} (their distance smoothing, which
 * differs from the {@code 0.9999 / 0.0001} of their entropy), and the per-row divergences {@code ½ Σ_j [p ln(p/m) +
 * q ln(q/m)]}, with {@code m = (p + q)/2}, are summed over the n rows (nats). Over a corpus the head graph averages
 * this over the sentences both heads hold (docs/DESIGN.md, The head graph).
 */
public final class ClarkJs {
    /** Clark et al.'s smoothing for head distances: {@code 0.999·a + 0.001/n}. */
    public static final double KEEP = 0.999, ADD = 0.001;

    private ClarkJs() {}

    /** The divergence between head (la, ha) of {@code a} and head (lb, hb) of {@code b}, on one sentence. */
    public static double divergence(StoredAttention a, int la, int ha, StoredAttention b, int lb, int hb) {
        return divergence(Smoothed.of(a, la, ha), Smoothed.of(b, lb, hb));
    }

    /** The divergence between two smoothed matrices of the same sentence (equal n). */
    static double divergence(Smoothed x, Smoothed y) {
        if (x.p.length != y.p.length) {
            throw new IllegalArgumentException("the two heads' matrices differ in size: " + x.p.length + " and "
                    + y.p.length + " entries (different tokenizations of the sentence)");
        }
        // JS = ½ Σ p ln p + ½ Σ q ln q − Σ m ln m: one logarithm per entry per pair instead of two.
        double mlogm = 0;
        for (int k = 0; k < x.p.length; k++) {
            double m = 0.5 * (x.p[k] + y.p[k]);
            mlogm += m * Math.log(m);
        }
        return 0.5 * (x.plogp + y.plogp) - mlogm;
    }

    /** One head's smoothed matrix on one sentence, flat, with its {@code Σ p ln p}; also its raw weights. */
    static final class Smoothed {
        final double[] p;
        final double[] w;
        final double plogp;
        final double norm;

        private Smoothed(double[] p, double[] w) {
            this.p = p;
            this.w = w;
            double s = 0, nn = 0;
            for (int k = 0; k < p.length; k++) {
                s += p[k] * Math.log(p[k]);
                nn += w[k] * w[k];
            }
            this.plogp = s;
            this.norm = Math.sqrt(nn);
        }

        static Smoothed of(StoredAttention a, int layer, int head) {
            int n = a.n();
            double[] p = new double[n * n], w = new double[n * n];
            double add = ADD / n;
            for (int i = 0, k = 0; i < n; i++) {
                for (int j = 0; j < n; j++, k++) {
                    w[k] = a.w(layer, head, i, j);
                    p[k] = KEEP * w[k] + add;
                }
            }
            return new Smoothed(p, w);
        }

        /** The cosine of the two flattened (unsmoothed, stored) matrices; 0 when either is all zero. */
        double cosine(Smoothed o) {
            if (norm == 0 || o.norm == 0) return 0;
            double dot = 0;
            for (int k = 0; k < w.length; k++) dot += w[k] * o.w[k];
            return dot / (norm * o.norm);
        }
    }
}
