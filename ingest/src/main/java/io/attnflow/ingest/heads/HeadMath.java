package io.attnflow.ingest.heads;

import io.attnflow.ingest.weights.Tensor;

/** The small dense algebra the task heads need, in double accumulators over float weights. */
final class HeadMath {
    private HeadMath() {}

    /** {@code W x + b} for a PyTorch-shaped {@code [out, in]} weight. */
    static double[] linear(Tensor weight, Tensor bias, double[] x) {
        int out = (int) weight.shape()[0], in = (int) weight.shape()[1];
        float[] w = weight.data();
        float[] b = bias.data();
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double s = b[o];
            int row = o * in;
            for (int k = 0; k < in; k++) s += w[row + k] * x[k];
            y[o] = s;
        }
        return y;
    }

    static double[] layerNorm(double[] x, Tensor gamma, Tensor beta, double eps) {
        double mean = 0, var = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        for (double v : x) var += (v - mean) * (v - mean);
        var /= x.length;
        double inv = 1 / Math.sqrt(var + eps);
        float[] g = gamma.data(), b = beta.data();
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) y[k] = (x[k] - mean) * inv * g[k] + b[k];
        return y;
    }

    /** The exact GELU, x·Φ(x) = x/2·(1 + erf(x/√2)), as BERT uses it. */
    static double gelu(double x) {
        return 0.5 * x * (1 + erf(x / Math.sqrt(2)));
    }

    /**
     * erf(x) to about 1e-14: its Maclaurin series below 3, where the alternating terms still cancel harmlessly in
     * doubles, and the continued fraction of erfc above (which converges fast there).
     */
    static double erf(double x) {
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            double x2 = a * a, term = a, sum = a;
            for (int n = 1; n < 200; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 80; n >= 1; n--) f = (n / 2.0) / (a + f);
            r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
        }
        return x < 0 ? -r : r;
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
