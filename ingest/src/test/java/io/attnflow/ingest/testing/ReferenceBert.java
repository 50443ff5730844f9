package io.attnflow.ingest.testing;

import io.attnflow.ingest.weights.BertConfig;
import java.util.function.Function;

/**
 * A plain-Java BERT forward pass in doubles, written straight from the paper and the transformers source, for tests:
 * embeddings + LayerNorm, then per layer softmax(QKᵀ/√d) attention, output dense + residual LayerNorm, erf-GELU
 * feed-forward + residual LayerNorm. Also the pooler/classifier and MLM heads. Slow and obvious on purpose.
 */
public final class ReferenceBert {
    private final BertConfig c;
    private final Function<String, float[]> w;

    /** What the reference computes for one sequence. */
    public record Output(double[][][][] attention, double[][] hidden) {}

    public ReferenceBert(BertConfig config, Function<String, float[]> weights) {
        this.c = config;
        this.w = weights;
    }

    public Output forward(int[] ids, int[] types) {
        int n = ids.length, h = c.hidden();
        double[][] x = new double[n][h];
        float[] word = w.apply("embeddings.word_embeddings.weight");
        float[] pos = w.apply("embeddings.position_embeddings.weight");
        float[] type = c.typeVocabSize() > 0 ? w.apply("embeddings.token_type_embeddings.weight") : null;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < h; k++) {
                x[i][k] = word[ids[i] * h + k]
                        + pos[(i + c.positionOffset()) * h + k]
                        + (type == null ? 0 : type[types[i] * h + k]);
            }
        }
        x = layerNorm(x, "embeddings.LayerNorm");
        int heads = c.heads(), d = h / heads;
        double[][][][] att = new double[c.layers()][heads][n][n];
        for (int l = 0; l < c.layers(); l++) {
            String p = "encoder.layer." + l + ".";
            double[][] q = linear(x, p + "attention.self.query");
            double[][] k = linear(x, p + "attention.self.key");
            double[][] v = linear(x, p + "attention.self.value");
            double[][] ctx = new double[n][h];
            for (int hd = 0; hd < heads; hd++) {
                for (int i = 0; i < n; i++) {
                    double[] s = new double[n];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        double dot = 0;
                        for (int e = 0; e < d; e++) dot += q[i][hd * d + e] * k[j][hd * d + e];
                        s[j] = dot / Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < n; j++) sum += s[j] = Math.exp(s[j] - max);
                    for (int j = 0; j < n; j++) att[l][hd][i][j] = s[j] / sum;
                    for (int j = 0; j < n; j++) {
                        for (int e = 0; e < d; e++) ctx[i][hd * d + e] += att[l][hd][i][j] * v[j][hd * d + e];
                    }
                }
            }
            x = layerNorm(add(linear(ctx, p + "attention.output.dense"), x), p + "attention.output.LayerNorm");
            double[][] inter = gelu(linear(x, p + "intermediate.dense"));
            x = layerNorm(add(linear(inter, p + "output.dense"), x), p + "output.LayerNorm");
        }
        return new Output(att, x);
    }

    /**
     * BertForSequenceClassification and RobertaClassificationHead: classifier(tanh(dense(h0))); DistilBERT's
     * pre_classifier uses ReLU instead.
     */
    public double[] logits(double[][] hidden) {
        double[][] pooled = linear(new double[][] {hidden[0]}, "pooler.dense");
        boolean relu = c.architecture().equals("distilbert");
        for (int k = 0; k < pooled[0].length; k++) {
            pooled[0][k] = relu ? Math.max(0, pooled[0][k]) : Math.tanh(pooled[0][k]);
        }
        return linear(pooled, "classifier")[0];
    }

    /** BertForMaskedLM vocabulary logits at position {@code pos} (decoder tied to the word embeddings). */
    public double[] mlmLogits(double[][] hidden, int pos) {
        double[][] t = gelu(linear(new double[][] {hidden[pos]}, "cls.predictions.transform.dense"));
        t = layerNorm(t, "cls.predictions.transform.LayerNorm");
        float[] dec = w.apply("embeddings.word_embeddings.weight");
        float[] bias = w.apply("cls.predictions.bias");
        int h = c.hidden();
        double[] out = new double[c.vocabSize()];
        for (int v = 0; v < out.length; v++) {
            double s = bias[v];
            for (int k = 0; k < h; k++) s += dec[v * h + k] * t[0][k];
            out[v] = s;
        }
        return out;
    }

    private double[][] linear(double[][] x, String name) {
        float[] wt = w.apply(name + ".weight");
        float[] b = w.apply(name + ".bias");
        int out = b.length, in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < out; o++) {
                double s = b[o];
                for (int k = 0; k < in; k++) s += wt[o * in + k] * x[i][k];
                y[i][o] = s;
            }
        }
        return y;
    }

    private double[][] layerNorm(double[][] x, String name) {
        float[] g = w.apply(name + ".weight");
        float[] b = w.apply(name + ".bias");
        double[][] y = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            double mean = 0, var = 0;
            for (double v : x[i]) mean += v;
            mean /= x[i].length;
            for (double v : x[i]) var += (v - mean) * (v - mean);
            var /= x[i].length;
            y[i] = new double[x[i].length];
            for (int k = 0; k < x[i].length; k++) {
                y[i][k] = (x[i][k] - mean) / Math.sqrt(var + c.layerNormEps()) * g[k] + b[k];
            }
        }
        return y;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] y = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) for (int k = 0; k < a[0].length; k++) y[i][k] = a[i][k] + b[i][k];
        return y;
    }

    private static double[][] gelu(double[][] x) {
        double[][] y = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int k = 0; k < x[0].length; k++) y[i][k] = 0.5 * x[i][k] * (1 + erf(x[i][k] / Math.sqrt(2)));
        }
        return y;
    }

    /** erf to about 1e-15, by its Taylor series near 0 and the continued fraction of erfc beyond. */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 2.5) {
            double term = ax, sum = ax, x2 = ax * ax;
            for (int n = 1; n < 100; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-17) break;
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            // erfc(x) = exp(-x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))) (Lentz would be overkill here)
            double f = 0;
            for (int n = 60; n >= 1; n--) f = (n / 2.0) / (ax + f);
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
        }
        return x < 0 ? -r : r;
    }
}
