package io.attnflow.ingest.finetune;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.ingest.forward.EncoderGraph;
import io.attnflow.ingest.forward.EncoderLayer;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import io.attnflow.ingest.weights.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A BERT encoder plus pooler and classifier whose parameters require gradients, under the canonical
 * {@link BertWeights} names (query, key and value kept apart, as Hugging Face stores them). The forward pass is
 * {@link EncoderGraph}'s, the one inference uses; the head is BERT's {@code classifier(tanh(pooler(h[CLS])))}
 * (dropout is not used). The pooler comes from the base when it has one; new head tensors are drawn from
 * N(0, 0.02²) with zero biases, as {@code BertForSequenceClassification} initialises them.
 */
public final class TrainableBert implements AutoCloseable {
    /** Hugging Face's {@code initializer_range} for BERT. */
    static final double INIT_STD = 0.02;

    private final BertConfig config;
    private final NDManager manager;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();
    private final int labels;

    /**
     * @param base   the pretrained weights (BERT only)
     * @param labels number of classes
     * @param seed   for the new head tensors
     * @param dtype  {@link DataType#FLOAT32} for training, {@link DataType#FLOAT64} for exact gradient checks
     */
    public TrainableBert(BertWeights base, int labels, long seed, DataType dtype) {
        this.config = base.config();
        this.labels = labels;
        if (!config.architecture().equals("bert")) {
            throw new InvalidInputException("fine-tuning supports BERT models; this one is " + config.architecture());
        }
        this.manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
        try {
            Random random = new Random(seed);
            int h = config.hidden();
            for (Map.Entry<String, Tensor> e : base.tensors().entrySet()) {
                String name = e.getKey();
                if (name.startsWith("embeddings.") || name.startsWith("encoder.")) put(name, e.getValue(), dtype);
            }
            if (base.has("pooler.dense.weight") && base.has("pooler.dense.bias")) {
                put("pooler.dense.weight", base.require("pooler.dense.weight"), dtype);
                put("pooler.dense.bias", base.require("pooler.dense.bias"), dtype);
            } else {
                put("pooler.dense.weight", normal(random, h, h), dtype);
                put("pooler.dense.bias", new Tensor(new long[] {h}, new float[h]), dtype);
            }
            put("classifier.weight", normal(random, labels, h), dtype);
            put("classifier.bias", new Tensor(new long[] {labels}, new float[labels]), dtype);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static Tensor normal(Random r, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (float) (INIT_STD * r.nextGaussian());
        return new Tensor(new long[] {rows, cols}, v);
    }

    private void put(String name, Tensor t, DataType dtype) {
        NDArray a = manager.create(t.data(), new Shape(t.shape()));
        if (dtype != DataType.FLOAT32) {
            NDArray converted = a.toType(dtype, false);
            a.close();
            a = converted;
        }
        a.setRequiresGradient(true);
        parameters.put(name, a);
    }

    public BertConfig config() {
        return config;
    }

    public int labels() {
        return labels;
    }

    /** The trainable tensors by canonical name, in a fixed order. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** True for tensors trained without weight decay (biases and LayerNorm), as BERT's recipe has it. */
    public static boolean noDecay(String name) {
        return name.endsWith(".bias") || name.contains("LayerNorm");
    }

    /** The manager that owns the parameters; steps allocate from its sub-managers. */
    public NDManager manager() {
        return manager;
    }

    /** Logits {@code [B, labels]} for a batch, computed in {@code m} (which must outlive their use). */
    public NDArray logits(NDManager m, long[][] ids, long[][] typeIds) {
        int batch = ids.length, n = 0;
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = ids[b].length;
            n = Math.max(n, lengths[b]);
        }
        EncoderGraph.Embeddings embeddings = new EncoderGraph.Embeddings(
                p("embeddings.word_embeddings.weight"),
                p("embeddings.position_embeddings.weight"),
                parameters.get("embeddings.token_type_embeddings.weight"),
                p("embeddings.LayerNorm.weight"),
                p("embeddings.LayerNorm.bias"));
        NDArray x = EncoderGraph.embed(m, embeddings, ids, typeIds, n, config);
        NDArray mask = EncoderGraph.mask(m, lengths, n, x.getDataType());
        for (int l = 0; l < config.layers(); l++) {
            NDArray next = EncoderGraph.layer(x, layer(m, l), mask, config, null);
            x.close();
            x = next;
        }
        try (NDArray cls = x.get(new NDIndex(":, 0, :"));
                NDArray dense = Linear.linear(cls, p("pooler.dense.weight"), p("pooler.dense.bias"))
                        .singletonOrThrow();
                NDArray pooled = dense.tanh()) {
            x.close();
            return Linear.linear(pooled, p("classifier.weight"), p("classifier.bias"))
                    .singletonOrThrow();
        }
    }

    /** Mean cross-entropy of {@code logits} against class indices {@code gold}. */
    public static NDArray crossEntropy(NDManager m, NDArray logits, int[] gold) {
        long classes = logits.getShape().get(1);
        float[] oneHot = new float[gold.length * (int) classes];
        for (int b = 0; b < gold.length; b++) oneHot[b * (int) classes + gold[b]] = 1;
        // the target stays open until m closes: the backward pass of mul reads it, and an array made from Java data
        // borrows memory that closing it would free
        NDArray target = m.create(oneHot, new Shape(gold.length, classes));
        NDArray typed = target.toType(logits.getDataType(), false);
        try (NDArray logp = logits.logSoftmax(-1);
                NDArray picked = logp.mul(typed);
                NDArray perExample = picked.sum(new int[] {1})) {
            return perExample.mean().neg();
        }
    }

    private EncoderLayer layer(NDManager m, int l) {
        String s = "encoder.layer." + l + ".";
        String a = s + "attention.self.";
        return new EncoderLayer(
                EncoderGraph.fusedQkv(m, p(a + "query.weight"), p(a + "key.weight"), p(a + "value.weight"), config),
                EncoderGraph.fusedQkv(m, p(a + "query.bias"), p(a + "key.bias"), p(a + "value.bias"), config),
                p(s + "attention.output.dense.weight"),
                p(s + "attention.output.dense.bias"),
                p(s + "attention.output.LayerNorm.weight"),
                p(s + "attention.output.LayerNorm.bias"),
                p(s + "intermediate.dense.weight"),
                p(s + "intermediate.dense.bias"),
                p(s + "output.dense.weight"),
                p(s + "output.dense.bias"),
                p(s + "output.LayerNorm.weight"),
                p(s + "output.LayerNorm.bias"));
    }

    private NDArray p(String name) {
        NDArray a = parameters.get(name);
        if (a == null) throw new ModelLoadException("the base model has no tensor '" + name + "'");
        return a;
    }

    /** A float32 copy of every parameter under canonical names, for saving. */
    public Map<String, Tensor> snapshot() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        parameters.forEach((name, a) -> {
            float[] v = a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : toFloat(a.toDoubleArray());
            out.put(name, new Tensor(a.getShape().getShape(), v));
        });
        return out;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    /** Names of the parameters, in order. */
    public List<String> names() {
        return List.copyOf(parameters.keySet());
    }

    @Override
    public void close() {
        manager.close();
    }
}
