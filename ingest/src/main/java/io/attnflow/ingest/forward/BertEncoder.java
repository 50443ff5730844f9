package io.attnflow.ingest.forward;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
 * head. The maths is {@link EncoderGraph}'s, which fine-tuning runs too (with autograd).
 *
 * <p>The weights live in one NDManager for the encoder's lifetime; every call allocates from a sub-manager that
 * is closed before returning, and copies out exactly two arrays (all attention, final hidden states). Thread-safe.
 */
public final class BertEncoder implements AutoCloseable {
    private final BertConfig config;
    private final NDManager manager;
    private final EncoderGraph.Embeddings embeddings;
    private final EncoderLayer[] layers;

    public BertEncoder(BertWeights weights) {
        this.config = weights.config();
        this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try {
            this.embeddings = new EncoderGraph.Embeddings(
                    nd(weights, "embeddings.word_embeddings.weight"),
                    nd(weights, "embeddings.position_embeddings.weight"),
                    weights.has("embeddings.token_type_embeddings.weight")
                            ? nd(weights, "embeddings.token_type_embeddings.weight")
                            : null,
                    nd(weights, "embeddings.LayerNorm.weight"),
                    nd(weights, "embeddings.LayerNorm.bias"));
            this.layers = new EncoderLayer[config.layers()];
            for (int l = 0; l < config.layers(); l++) {
                String p = "encoder.layer." + l + ".";
                layers[l] = new EncoderLayer(
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
        try (NDArray q = nd(w, prefix + "query" + suffix);
                NDArray k = nd(w, prefix + "key" + suffix);
                NDArray v = nd(w, prefix + "value" + suffix)) {
            return EncoderGraph.fusedQkv(manager, q, k, v, config);
        }
    }

    /**
     * Encodes a batch of sequences of possibly different lengths (padded to the longest and masked).
     *
     * @param ids     token ids per sequence
     * @param typeIds token type ids per sequence
     */
    public List<EncoderOutput> forward(long[][] ids, long[][] typeIds) {
        int batch = ids.length;
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
        try (NDManager m = manager.newSubManager()) {
            NDArray x = EncoderGraph.embed(m, embeddings, ids, typeIds, n, config);
            NDArray mask = EncoderGraph.mask(m, lengths, n, x.getDataType());
            int perLayer = batch * config.heads() * n * n;
            float[] attention = new float[layers.length * perLayer]; // [L, B, H, n, n]
            for (int l = 0; l < layers.length; l++) {
                int offset = l * perLayer;
                NDArray next =
                        EncoderGraph.layer(x, layers[l], mask, config, p -> copyInto(p, attention, offset, perLayer));
                x.close();
                x = next;
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
