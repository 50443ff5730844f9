package io.attnflow.ingest.heads;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
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

    /**
     * BERT's exact GELU, x·Φ(x), by DJL's {@link Activation#gelu} (the one the encoder uses), on a float64 array so
     * that the heads keep their double accumulators.
     */
    static double[] gelu(double[] x) {
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            return Activation.gelu(m.create(x)).toDoubleArray();
        }
    }

    static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
