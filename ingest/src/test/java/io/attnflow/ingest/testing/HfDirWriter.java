package io.attnflow.ingest.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.ingest.weights.BertConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link TinyBert} as a Hugging Face model directory (config.json + model.safetensors + vocab.txt) in the
 * tensor naming of a given architecture. The checkpoint names are spelled out here, independently of the loader's
 * mapping, as transformers writes them.
 */
public final class HfDirWriter {
    private HfDirWriter() {}

    /** How the checkpoint names its tensors. */
    public enum Layout {
        /** BertModel saved on its own: no prefix. */
        BERT_MODEL("bert", "BertModel", 0, false),
        /** BertModel weights under {@code bert.} (as in the original bert-base-uncased checkpoint). */
        BERT_PREFIXED("bert", "BertModel", 0, false),
        BERT_SEQUENCE_CLASSIFICATION("bert", "BertForSequenceClassification", 2, false),
        BERT_MASKED_LM("bert", "BertForMaskedLM", 0, true),
        DISTILBERT_SEQUENCE_CLASSIFICATION("distilbert", "DistilBertForSequenceClassification", 2, false),
        DISTILBERT_MASKED_LM("distilbert", "DistilBertForMaskedLM", 0, true),
        ROBERTA_SEQUENCE_CLASSIFICATION("roberta", "RobertaForSequenceClassification", 2, false),
        ROBERTA_MASKED_LM("roberta", "RobertaForMaskedLM", 0, true);

        public final String modelType;
        public final String architecture;
        /** labels of the classifier head (0: none) */
        public final int labels;

        public final boolean mlm;

        Layout(String modelType, String architecture, int labels, boolean mlm) {
            this.modelType = modelType;
            this.architecture = architecture;
            this.labels = labels;
            this.mlm = mlm;
        }

        /** The hyper-parameters of the tiny model in this architecture. */
        public BertConfig config() {
            BertConfig c = TinyBert.CONFIG;
            return switch (modelType) {
                case "distilbert" -> new BertConfig(
                        "distilbert",
                        c.layers(),
                        c.heads(),
                        c.hidden(),
                        c.intermediate(),
                        c.vocabSize(),
                        c.maxPositions(),
                        0,
                        1e-12,
                        0);
                case "roberta" -> new BertConfig(
                        "roberta",
                        c.layers(),
                        c.heads(),
                        c.hidden(),
                        c.intermediate(),
                        c.vocabSize(),
                        c.maxPositions() + 2,
                        1,
                        1e-5,
                        2);
                default -> c;
            };
        }

        /** A random tiny model with this layout's heads. */
        public TinyBert random(long seed) {
            return TinyBert.random(config(), seed, labels, mlm);
        }

        /** The checkpoint name of a canonical tensor, or null when this architecture does not store it. */
        String checkpointName(String canonical) {
            return switch (modelType) {
                case "distilbert" -> distilbert(canonical);
                case "roberta" -> roberta(canonical);
                default -> this == BERT_MODEL || canonical.startsWith("cls.") || canonical.startsWith("classifier.")
                        ? canonical
                        : "bert." + canonical;
            };
        }
    }

    private static String distilbert(String n) {
        String[][] layer = {
            {"attention.self.query.", "attention.q_lin."},
            {"attention.self.key.", "attention.k_lin."},
            {"attention.self.value.", "attention.v_lin."},
            {"attention.output.dense.", "attention.out_lin."},
            {"attention.output.LayerNorm.", "sa_layer_norm."},
            {"intermediate.dense.", "ffn.lin1."},
            {"output.dense.", "ffn.lin2."},
            {"output.LayerNorm.", "output_layer_norm."}
        };
        if (n.startsWith("encoder.layer.")) {
            String rest = n.substring("encoder.layer.".length());
            String idx = rest.substring(0, rest.indexOf('.'));
            String tail = rest.substring(idx.length() + 1);
            for (String[] m : layer) {
                if (tail.startsWith(m[0])) {
                    return "distilbert.transformer.layer." + idx + "." + m[1] + tail.substring(m[0].length());
                }
            }
            throw new IllegalArgumentException(n);
        }
        if (n.startsWith("embeddings.")) return "distilbert." + n;
        return replacePrefix(
                n,
                Map.of(
                        "pooler.dense.", "pre_classifier.",
                        "classifier.", "classifier.",
                        "cls.predictions.transform.dense.", "vocab_transform.",
                        "cls.predictions.transform.LayerNorm.", "vocab_layer_norm.",
                        "cls.predictions.bias", "vocab_projector.bias"));
    }

    private static String roberta(String n) {
        if (n.startsWith("embeddings.") || n.startsWith("encoder.")) return "roberta." + n;
        return replacePrefix(
                n,
                Map.of(
                        "pooler.dense.", "classifier.dense.",
                        "classifier.", "classifier.out_proj.",
                        "cls.predictions.transform.dense.", "lm_head.dense.",
                        "cls.predictions.transform.LayerNorm.", "lm_head.layer_norm.",
                        "cls.predictions.bias", "lm_head.bias"));
    }

    private static String replacePrefix(String n, Map<String, String> map) {
        String best = null;
        for (String k : map.keySet()) if (n.startsWith(k) && (best == null || k.length() > best.length())) best = k;
        if (best == null) throw new IllegalArgumentException(n);
        return map.get(best) + n.substring(best.length());
    }

    public static Path write(TinyBert m, Path dir, Layout layout, SafetensorsWriter.DType dtype) throws IOException {
        Files.createDirectories(dir);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        m.values.forEach((name, v) -> {
            String hfName = layout.checkpointName(name);
            shapes.put(hfName, m.shapes.get(name));
            values.put(hfName, v);
        });
        if (layout == Layout.BERT_MASKED_LM) {
            // transformers also stores the int64 position_ids buffer in some versions; the loader must skip it
            // (we store it as F32 here because the writer only writes floats; its name is what matters).
            shapes.put("bert.embeddings.position_ids", new long[] {1, m.config.maxPositions()});
            float[] ids = new float[m.config.maxPositions()];
            for (int i = 0; i < ids.length; i++) ids[i] = i;
            values.put("bert.embeddings.position_ids", ids);
        }
        SafetensorsWriter.write(dir.resolve("model.safetensors"), shapes, values, dtype);
        Files.writeString(dir.resolve("config.json"), configJson(m, layout));
        Files.write(dir.resolve("vocab.txt"), TinyBert.VOCAB);
        if (layout.modelType.equals("roberta")) {
            // RoBERTa needs a tokenizer.json; a WordPiece one over the tiny vocabulary serves the weight tests
            Files.writeString(
                    dir.resolve("tokenizer.json"),
                    io.attnflow.ingest.hf.WordPieceTokenizerJson.build(
                            TinyBert.VOCAB, true, io.attnflow.ingest.hf.WordPieceTokenizerJson.Specials.BERT));
        }
        return dir;
    }

    static String configJson(TinyBert m, Layout layout) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = json.createObjectNode();
        c.putArray("architectures").add(layout.architecture);
        c.put("model_type", layout.modelType);
        BertConfig b = m.config;
        if (layout.modelType.equals("distilbert")) {
            c.put("activation", "gelu");
            c.put("dim", b.hidden());
            c.put("hidden_dim", b.intermediate());
            c.put("n_heads", b.heads());
            c.put("n_layers", b.layers());
            c.put("max_position_embeddings", b.maxPositions());
            c.put("vocab_size", b.vocabSize());
            c.put("sinusoidal_pos_embds", false);
        } else {
            c.put("attention_probs_dropout_prob", 0.1);
            c.put("hidden_act", "gelu");
            c.put("hidden_size", b.hidden());
            c.put("intermediate_size", b.intermediate());
            c.put("layer_norm_eps", b.layerNormEps());
            c.put("max_position_embeddings", b.maxPositions());
            c.put("num_attention_heads", b.heads());
            c.put("num_hidden_layers", b.layers());
            c.put("type_vocab_size", b.typeVocabSize());
            c.put("vocab_size", b.vocabSize());
            c.put("pad_token_id", layout.modelType.equals("roberta") ? 1 : 0);
        }
        if (m.labels > 0) {
            ObjectNode id2label = c.putObject("id2label");
            List<String> names = List.of("negative", "positive", "neutral", "mixed");
            for (int i = 0; i < m.labels; i++) id2label.put(String.valueOf(i), names.get(i % names.size()));
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(c);
    }
}
