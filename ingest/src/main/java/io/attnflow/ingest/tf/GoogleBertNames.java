package io.attnflow.ingest.tf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the variable names of Google's TensorFlow BERT ({@code bert/encoder/layer_3/attention/self/query/kernel},
 * optionally under a TF-Hub {@code module/} scope) to the canonical Hugging Face names of
 * {@link io.attnflow.ingest.weights.BertWeights}. TF dense kernels are {@code [in, out]}: {@link #isKernel} says which
 * tensors must be transposed to PyTorch's {@code [out, in]}.
 */
public final class GoogleBertNames {
    private GoogleBertNames() {}

    private static final Pattern LAYER = Pattern.compile("layer_(\\d+)");

    /** The canonical name, or null for variables the model does not use (next-sentence head, optimizer slots). */
    public static String canonical(String tfName) {
        String n = tfName.startsWith("module/") ? tfName.substring("module/".length()) : tfName;
        if (n.equals("cls/predictions/output_bias")) return "cls.predictions.bias";
        if (n.startsWith("bert/")) {
            n = n.substring("bert/".length());
        } else if (!n.startsWith("cls/predictions/")) {
            return null; // cls/seq_relationship, global_step, Adam slots, …
        }
        if (n.contains("/adam_") || n.contains("Momentum")) return null;
        Matcher m = LAYER.matcher(n);
        n = m.replaceAll("layer.$1");
        n = n.replace('/', '.');
        if (n.startsWith("embeddings.") && !n.contains("LayerNorm")) return n + ".weight";
        if (n.endsWith(".kernel")) return n.substring(0, n.length() - "kernel".length()) + "weight";
        if (n.endsWith(".gamma")) return n.substring(0, n.length() - "gamma".length()) + "weight";
        if (n.endsWith(".beta")) return n.substring(0, n.length() - "beta".length()) + "bias";
        return n;
    }

    /** True for a dense kernel stored {@code [in, out]}. */
    public static boolean isKernel(String tfName) {
        return tfName.endsWith("/kernel");
    }
}
