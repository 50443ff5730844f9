package io.attnflow.ingest.testing;

import io.attnflow.ingest.weights.BertConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny BERT with random weights under canonical names (L=2, H=2, hidden 8, a 32-word vocabulary), plus the
 * optional pooler/classifier and MLM head. Tests write it to disk in some checkpoint layout, load it through the
 * real loaders and compare with {@link ReferenceBert} run on these same arrays.
 */
public final class TinyBert {
    public static final List<String> VOCAB = List.of(
            "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "a", "cat", "dog", "sat", "ran", "on", "in", "mat",
            "park", "big", "small", "red", "is", "was", "and", "play", "##ing", "##s", "bird", "sky", "blue", ".", ",",
            "tree", "house", "?");

    public static final BertConfig CONFIG = new BertConfig("bert", 2, 2, 8, 16, VOCAB.size(), 24, 2, 1e-12, 0);

    public final BertConfig config;
    /** canonical name → shape */
    public final Map<String, long[]> shapes = new LinkedHashMap<>();
    /** canonical name → values (row-major, Linear weights [out, in]) */
    public final Map<String, float[]> values = new LinkedHashMap<>();

    public final int labels;

    private TinyBert(BertConfig config, int labels) {
        this.config = config;
        this.labels = labels;
    }

    /** Random weights; {@code labels > 0} adds pooler + classifier, {@code mlm} adds the MLM head. */
    public static TinyBert random(long seed, int labels, boolean mlm) {
        return random(CONFIG, seed, labels, mlm);
    }

    public static TinyBert random(BertConfig c, long seed, int labels, boolean mlm) {
        TinyBert m = new TinyBert(c, labels);
        Random r = new Random(seed);
        int h = c.hidden();
        m.put(r, "embeddings.word_embeddings.weight", 1.0f, c.vocabSize(), h);
        m.put(r, "embeddings.position_embeddings.weight", 0.5f, c.maxPositions(), h);
        if (c.typeVocabSize() > 0) m.put(r, "embeddings.token_type_embeddings.weight", 0.5f, c.typeVocabSize(), h);
        m.layerNorm(r, "embeddings.LayerNorm", h);
        for (int i = 0; i < c.layers(); i++) {
            String p = "encoder.layer." + i + ".";
            // a larger scale on Q and K makes the attention peaked enough to be a sharp test
            for (String qkv : List.of("query", "key")) m.linear(r, p + "attention.self." + qkv, h, h, 0.8f);
            m.linear(r, p + "attention.self.value", h, h, 0.5f);
            m.linear(r, p + "attention.output.dense", h, h, 0.5f);
            m.layerNorm(r, p + "attention.output.LayerNorm", h);
            m.linear(r, p + "intermediate.dense", c.intermediate(), h, 0.5f);
            m.linear(r, p + "output.dense", h, c.intermediate(), 0.5f);
            m.layerNorm(r, p + "output.LayerNorm", h);
        }
        if (labels > 0) {
            m.linear(r, "pooler.dense", h, h, 0.5f);
            m.linear(r, "classifier", labels, h, 0.5f);
        }
        if (mlm) {
            m.linear(r, "cls.predictions.transform.dense", h, h, 0.5f);
            m.layerNorm(r, "cls.predictions.transform.LayerNorm", h);
            m.put(r, "cls.predictions.bias", 0.2f, c.vocabSize());
        }
        return m;
    }

    /** Rounds every value to bfloat16 precision, so a BF16 file holds exactly these floats. */
    public TinyBert roundedToBf16() {
        TinyBert m = new TinyBert(config, labels);
        m.shapes.putAll(shapes);
        values.forEach((k, v) -> {
            float[] o = new float[v.length];
            for (int i = 0; i < v.length; i++) o[i] = Float.intBitsToFloat(Float.floatToIntBits(v[i]) & 0xffff0000);
            m.values.put(k, o);
        });
        return m;
    }

    public float[] get(String name) {
        float[] v = values.get(name);
        if (v == null) throw new IllegalArgumentException("no " + name);
        return v;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    private void linear(Random r, String name, int out, int in, float scale) {
        put(r, name + ".weight", scale, out, in);
        put(r, name + ".bias", 0.1f, out);
    }

    private void layerNorm(Random r, String name, int h) {
        float[] g = new float[h];
        for (int i = 0; i < h; i++) g[i] = 1f + 0.2f * (float) r.nextGaussian();
        shapes.put(name + ".weight", new long[] {h});
        values.put(name + ".weight", g);
        put(r, name + ".bias", 0.1f, h);
    }

    private void put(Random r, String name, float scale, long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = scale * (float) r.nextGaussian();
        shapes.put(name, shape);
        values.put(name, v);
    }
}
