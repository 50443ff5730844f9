package io.attnflow.ingest.forward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.ModelLoadException;
import java.util.function.Consumer;

/**
 * The BERT maths on NDArrays, shared by inference ({@link BertEncoder}) and fine-tuning: the same ops run with or
 * without autograd. Post-LayerNorm BERT: embeddings (word + position + type, LayerNorm), then per layer fused Q/K/V →
 * softmax(QKᵀ/√d + mask) → output dense → residual LayerNorm → erf-GELU feed-forward → residual LayerNorm.
 *
 * <p>An op's result belongs to its first operand's manager, so every op here puts the activation first: results
 * live in the manager of the input activations, never in the weights' manager. Intermediate handles are closed as
 * soon as they are used (autograd keeps its own references to what the backward pass needs), except arrays made
 * from Java data: PyTorch borrows their memory, which closing the array frees, so they stay open until their
 * manager closes.
 */
public final class EncoderGraph {
    /** Added to the scores of padded keys: exp() of it is exactly 0 in float32 and float64. */
    public static final float MASKED = -1e9f;

    private EncoderGraph() {}

    /**
     * The embedding parameters.
     *
     * @param types null when the model has no token type embeddings (DistilBERT)
     */
    public record Embeddings(NDArray words, NDArray positions, NDArray types, NDArray normWeight, NDArray normBias) {}

    /**
     * word + position + token type embeddings, then LayerNorm: {@code [B, n, hidden]} in manager {@code m}. Padding
     * positions (beyond a sequence's length) look up id 0; their rows are masked out as keys and stripped later.
     */
    public static NDArray embed(NDManager m, Embeddings e, long[][] ids, long[][] typeIds, int n, BertConfig c) {
        int batch = ids.length, hidden = c.hidden();
        long[] flatIds = new long[batch * n], flatTypes = new long[batch * n], flatPos = new long[batch * n];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < n; i++) flatPos[b * n + i] = i + c.positionOffset();
            for (int i = 0; i < ids[b].length; i++) {
                long id = ids[b][i];
                if (id < 0 || id >= c.vocabSize()) {
                    throw new ModelLoadException("token id " + id + " is outside the vocabulary of " + c.vocabSize()
                            + ": the tokenizer and config.json's vocab_size disagree");
                }
                flatIds[b * n + i] = id;
                if (e.types() != null) {
                    long t = typeIds[b][i];
                    if (t < 0 || t >= c.typeVocabSize()) {
                        throw new ModelLoadException("token type id " + t + " is outside the " + c.typeVocabSize()
                                + " token types of this model");
                    }
                    flatTypes[b * n + i] = t;
                }
            }
        }
        NDArray x = rows(m, e.words(), flatIds);
        try (NDArray p = rows(m, e.positions(), flatPos)) {
            x.addi(p);
        }
        if (e.types() != null) {
            try (NDArray t = rows(m, e.types(), flatTypes)) {
                x.addi(t);
            }
        }
        try (NDArray sum = x.reshape(batch, n, hidden)) {
            x.close();
            return norm(sum, e.normWeight(), e.normBias(), c);
        }
    }

    /**
     * Rows {@code index} of a {@code [rows, hidden]} table, gathered into manager {@code m}. The index array stays open
     * until {@code m} closes: PyTorch's autograd keeps it for the backward pass, and an array made from Java data
     * borrows memory that closing it would free.
     */
    private static NDArray rows(NDManager m, NDArray table, long[] index) {
        NDArray idx = m.create(index);
        return table.get(m, new NDIndex("{}", idx));
    }

    /**
     * The additive key mask {@code [B, 1, 1, n]} (0 for real tokens, {@link #MASKED} for padding) in the dtype of the
     * activations, or null when no sequence is padded.
     */
    public static NDArray mask(NDManager m, int[] lengths, int n, ai.djl.ndarray.types.DataType dtype) {
        boolean padded = false;
        for (int len : lengths) padded |= len != n;
        if (!padded) return null;
        float[] mask = new float[lengths.length * n];
        for (int b = 0; b < lengths.length; b++) {
            for (int j = lengths[b]; j < n; j++) mask[b * n + j] = MASKED;
        }
        NDArray f = m.create(mask, new Shape(lengths.length, 1, 1, n));
        if (f.getDataType() == dtype) return f;
        try (f) {
            return f.toType(dtype, false);
        }
    }

    /**
     * One transformer layer. {@code x} is left open (the caller owns it); the result is a new array in x's manager.
     *
     * @param mask      from {@link #mask}, or null
     * @param attention receives the softmax probabilities {@code [B, H, n, n]} (valid only during the call), or null
     */
    public static NDArray layer(
            NDArray x, EncoderLayer layer, NDArray mask, BertConfig c, Consumer<NDArray> attention) {
        Shape s = x.getShape();
        long batch = s.get(0), n = s.get(1);
        int hidden = c.hidden(), heads = c.heads(), d = hidden / heads;
        NDArray context;
        try (NDArray qkv = Linear.linear(x, layer.qkvWeight(), layer.qkvBias()).singletonOrThrow();
                // [B, n, 3, H, d] -> [3, B, H, n, d]; Q is pre-scaled by 1/√d (see EncoderLayer)
                NDArray split = qkv.reshape(batch, n, 3, heads, d).transpose(2, 0, 3, 1, 4);
                NDArray q = split.get(0);
                NDArray k = split.get(1);
                NDArray v = split.get(2);
                NDArray kt = k.transpose(0, 1, 3, 2);
                NDArray scores = q.matMul(kt)) {
            if (mask != null) scores.addi(mask);
            try (NDArray p = scores.softmax(-1)) {
                if (attention != null) attention.accept(p);
                try (NDArray pv = p.matMul(v);
                        NDArray moved = pv.transpose(0, 2, 1, 3)) {
                    context = moved.reshape(batch, n, hidden);
                }
            }
        }
        NDArray attended = Linear.linear(context, layer.attnOutWeight(), layer.attnOutBias())
                .singletonOrThrow();
        context.close();
        NDArray x1 = norm(attended.addi(x), layer.attnNormWeight(), layer.attnNormBias(), c);
        attended.close();
        NDArray inter =
                Linear.linear(x1, layer.interWeight(), layer.interBias()).singletonOrThrow();
        NDArray activated = Activation.gelu(inter);
        inter.close();
        NDArray out =
                Linear.linear(activated, layer.outWeight(), layer.outBias()).singletonOrThrow();
        activated.close();
        NDArray y = norm(out.addi(x1), layer.outNormWeight(), layer.outNormBias(), c);
        out.close();
        x1.close();
        return y;
    }

    /**
     * Q, K and V weights (or biases) stacked along the output dimension, the query part scaled by 1/√d:
     * softmax(QKᵀ/√d) = softmax((Q/√d)Kᵀ), so scaling the query parameters once saves an op per layer. The result
     * (and its intermediate) live in {@code m}; with autograd the gradients flow back to q, k and v.
     */
    public static NDArray fusedQkv(NDManager m, NDArray q, NDArray k, NDArray v, BertConfig c) {
        double scale = 1.0 / Math.sqrt(c.hidden() / (double) c.heads());
        NDArray scaled = q.mul((float) scale);
        scaled.attach(m);
        try (scaled) {
            NDArray all = NDArrays.concat(new NDList(scaled, k, v), 0);
            all.attach(m);
            return all;
        }
    }

    /** LayerNorm over the hidden dimension with the model's ε. */
    public static NDArray norm(NDArray x, NDArray weight, NDArray bias, BertConfig c) {
        return LayerNorm.layerNorm(x, new Shape(c.hidden()), weight, bias, (float) c.layerNormEps())
                .singletonOrThrow();
    }
}
