package io.attnflow.ingest.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A BERT encoder forward pass on DJL's PyTorch engine that keeps the attention probabilities of every layer and
 * head. Post-LayerNorm BERT: embeddings (word + position + type, LayerNorm), then per layer fused Q/K/V →
 * softmax(QKᵀ/√d + mask) → output dense → residual LayerNorm → erf-GELU feed-forward → residual LayerNorm.
 *
 * <p>The weights live in one NDManager for the encoder's lifetime; every call allocates from a sub-manager that
 * is closed before returning, and copies out exactly two arrays (all attention, final hidden states). Embedding
 * lookups are done in Java, since they are only copies. Thread-safe.
 */
public final class BertEncoder implements AutoCloseable {
    /** Added to the scores of padded keys: exp() of it is exactly 0 in float32. */
    private static final float MASKED = -1e9f;

    private final BertConfig config;
    private final NDManager manager;
    private final float[] words, positions, types;
    private final NDArray embNormWeight, embNormBias;
    private final Layer[] layers;
    private final float eps;

    private record Layer(
            NDArray qkvWeight,
            NDArray qkvBias,
            NDArray attnOutWeight,
            NDArray attnOutBias,
            NDArray attnNormWeight,
            NDArray attnNormBias,
            NDArray interWeight,
            NDArray interBias,
            NDArray outWeight,
            NDArray outBias,
            NDArray outNormWeight,
            NDArray outNormBias) {}

    public BertEncoder(BertWeights weights) {
        this.config = weights.config();
        this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        this.eps = (float) config.layerNormEps();
        try {
            this.words = weights.require("embeddings.word_embeddings.weight").data();
            this.positions =
                    weights.require("embeddings.position_embeddings.weight").data();
            this.types = weights.has("embeddings.token_type_embeddings.weight")
                    ? weights.require("embeddings.token_type_embeddings.weight").data()
                    : null;
            this.embNormWeight = nd(weights, "embeddings.LayerNorm.weight");
            this.embNormBias = nd(weights, "embeddings.LayerNorm.bias");
            this.layers = new Layer[config.layers()];
            for (int l = 0; l < config.layers(); l++) {
                String p = "encoder.layer." + l + ".";
                layers[l] = new Layer(
                        concatRows(weights, p + "attention.self.", ".weight"),
                        concatRows(weights, p + "attention.self.", ".bias"),
                        nd(weights, p + "attention.output.dense.weight"),
                        nd(weights, p + "attention.output.dense.bias"),
                        nd(weights, p + "attention.output.LayerNorm.weight"),
                        nd(weights, p + "attention.output.LayerNorm.bias"),
                        nd(weights, p + "intermediate.dense.weight"),
                        nd(weights, p + "intermediate.dense.bias"),
                        nd(weights, p + "output.dense.weight"),
                        nd(weights, p + "output.dense.bias"),
                        nd(weights, p + "output.LayerNorm.weight"),
                        nd(weights, p + "output.LayerNorm.bias"));
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        if (config.hidden() % config.heads() != 0) {
            manager.close();
            throw new IllegalArgumentException(
                    "hidden size " + config.hidden() + " is not a multiple of " + config.heads() + " heads");
        }
    }

    public BertConfig config() {
        return config;
    }

    private NDArray nd(BertWeights w, String name) {
        Tensor t = w.require(name);
        return manager.create(t.data(), new Shape(t.shape()));
    }

    /** Q, K and V stacked along the output dimension, so that one matmul computes all three. */
    private NDArray concatRows(BertWeights w, String prefix, String suffix) {
        Tensor q = w.require(prefix + "query" + suffix), k = w.require(prefix + "key" + suffix);
        Tensor v = w.require(prefix + "value" + suffix);
        float[] all = new float[q.data().length * 3];
        // softmax(QKᵀ/√d) = softmax((Q/√d)Kᵀ): scaling the query weights once saves an op per layer and call
        float scale = (float) (1.0 / Math.sqrt(config.hidden() / (double) config.heads()));
        for (int i = 0; i < q.data().length; i++) all[i] = q.data()[i] * scale;
        System.arraycopy(k.data(), 0, all, q.data().length, k.data().length);
        System.arraycopy(v.data(), 0, all, 2 * q.data().length, v.data().length);
        long[] shape = q.shape().clone();
        shape[0] *= 3;
        return manager.create(all, new Shape(shape));
    }

    /**
     * Encodes a batch of sequences of possibly different lengths (padded to the longest and masked).
     *
     * @param ids     token ids per sequence
     * @param typeIds token type ids per sequence
     */
    public List<EncoderOutput> forward(long[][] ids, long[][] typeIds) {
        int batch = ids.length, hidden = config.hidden(), heads = config.heads(), d = hidden / heads;
        int[] lengths = new int[batch];
        int n = 0;
        for (int b = 0; b < batch; b++) {
            lengths[b] = ids[b].length;
            n = Math.max(n, lengths[b]);
        }
        int usable = config.maxPositions() - config.positionOffset();
        if (n > usable) {
            throw new IllegalArgumentException(
                    "a sequence has " + n + " tokens but the model has " + usable + " positions");
        }
        boolean padded = false;
        for (int len : lengths) padded |= len != n;

        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(embed(ids, typeIds, n), new Shape(batch, n, hidden));
            x = norm(x, embNormWeight, embNormBias);
            NDArray mask = padded ? m.create(maskRow(lengths, n), new Shape(batch, 1, 1, n)) : null;
            int perLayer = batch * heads * n * n;
            float[] attention = new float[layers.length * perLayer]; // [L, B, H, n, n]
            for (int l = 0; l < layers.length; l++) {
                Layer layer = layers[l];
                NDArray context;
                try (NDArray qkv =
                                Linear.linear(x, layer.qkvWeight, layer.qkvBias).singletonOrThrow();
                        // [B, n, 3, H, d] -> [3, B, H, n, d]; Q is pre-scaled by 1/√d (see constructor)
                        NDArray split = qkv.reshape(batch, n, 3, heads, d).transpose(2, 0, 3, 1, 4);
                        NDArray q = split.get(0);
                        NDArray k = split.get(1);
                        NDArray v = split.get(2);
                        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2))) {
                    if (mask != null) scores.addi(mask);
                    try (NDArray p = scores.softmax(-1)) {
                        copyInto(p, attention, l * perLayer, perLayer);
                        try (NDArray pv = p.matMul(v)) {
                            context = pv.transpose(0, 2, 1, 3).reshape(batch, n, hidden);
                        }
                    }
                }
                NDArray attended = Linear.linear(context, layer.attnOutWeight, layer.attnOutBias)
                        .singletonOrThrow();
                context.close();
                NDArray x1 = norm(attended.addi(x), layer.attnNormWeight, layer.attnNormBias);
                attended.close();
                x.close();
                NDArray inter =
                        Linear.linear(x1, layer.interWeight, layer.interBias).singletonOrThrow();
                NDArray activated = Activation.gelu(inter);
                inter.close();
                NDArray out =
                        Linear.linear(activated, layer.outWeight, layer.outBias).singletonOrThrow();
                activated.close();
                x = norm(out.addi(x1), layer.outNormWeight, layer.outNormBias);
                out.close();
                x1.close();
            }
            float[] states = x.toFloatArray();
            List<EncoderOutput> results = new ArrayList<>(batch);
            for (int b = 0; b < batch; b++) {
                results.add(new EncoderOutput(
                        hiddenOf(states, b, n, lengths[b]), attentionOf(attention, batch, b, n, lengths[b])));
            }
            return results;
        }
    }

    /** Copies a float32 array's values into {@code dst} at {@code offset}: one native copy plus one bulk get. */
    private static void copyInto(NDArray a, float[] dst, int offset, int count) {
        ByteBuffer bytes = a.toByteBuffer();
        bytes.order(ByteOrder.nativeOrder()).asFloatBuffer().get(dst, offset, count);
    }

    private NDArray norm(NDArray x, NDArray weight, NDArray bias) {
        return LayerNorm.layerNorm(x, new Shape(config.hidden()), weight, bias, eps)
                .singletonOrThrow();
    }

    /** word + position + token type embeddings, [B, n, hidden], padding rows left zero. */
    private float[] embed(long[][] ids, long[][] typeIds, int n) {
        int hidden = config.hidden();
        float[] out = new float[ids.length * n * hidden];
        for (int b = 0; b < ids.length; b++) {
            for (int i = 0; i < ids[b].length; i++) {
                int o = (b * n + i) * hidden;
                int w = (int) ids[b][i] * hidden;
                int p = (i + config.positionOffset()) * hidden;
                if (ids[b][i] < 0 || ids[b][i] >= config.vocabSize()) {
                    throw new IllegalArgumentException(
                            "token id " + ids[b][i] + " is outside the vocabulary of " + config.vocabSize());
                }
                for (int h = 0; h < hidden; h++) out[o + h] = words[w + h] + positions[p + h];
                if (types != null) {
                    if (typeIds[b][i] < 0 || typeIds[b][i] >= config.typeVocabSize()) {
                        throw new IllegalArgumentException("token type id " + typeIds[b][i] + " is outside the "
                                + config.typeVocabSize() + " token types of this model");
                    }
                    int t = (int) typeIds[b][i] * hidden;
                    for (int h = 0; h < hidden; h++) out[o + h] += types[t + h];
                }
            }
        }
        return out;
    }

    private static float[] maskRow(int[] lengths, int n) {
        float[] mask = new float[lengths.length * n];
        for (int b = 0; b < lengths.length; b++) {
            for (int j = lengths[b]; j < n; j++) mask[b * n + j] = MASKED;
        }
        return mask;
    }

    private float[][] hiddenOf(float[] states, int b, int n, int len) {
        int hidden = config.hidden();
        float[][] out = new float[len][hidden];
        for (int i = 0; i < len; i++) System.arraycopy(states, (b * n + i) * hidden, out[i], 0, hidden);
        return out;
    }

    private AttentionTensor attentionOf(float[] all, int batch, int b, int n, int len) {
        int heads = config.heads(), layerCount = layers.length;
        if (batch == 1 && len == n) {
            return new AttentionTensor(layerCount, heads, n, all);
        }
        float[] out = new float[layerCount * heads * len * len];
        int k = 0;
        for (int l = 0; l < layerCount; l++) {
            for (int h = 0; h < heads; h++) {
                int base = (((l * batch + b) * heads + h) * n) * n;
                for (int i = 0; i < len; i++) {
                    System.arraycopy(all, base + i * n, out, k, len);
                    k += len;
                }
            }
        }
        return new AttentionTensor(layerCount, heads, len, out);
    }

    @Override
    public void close() {
        manager.close();
    }
}
