package io.attnflow.ingest.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        BERT_MODEL("BertModel"),
        /** BertModel weights under {@code bert.} (as in the original bert-base-uncased checkpoint). */
        BERT_PREFIXED("BertModel"),
        BERT_SEQUENCE_CLASSIFICATION("BertForSequenceClassification"),
        BERT_MASKED_LM("BertForMaskedLM");

        public final String architecture;

        Layout(String architecture) {
            this.architecture = architecture;
        }
    }

    public static Path write(TinyBert m, Path dir, Layout layout, SafetensorsWriter.DType dtype) throws IOException {
        Files.createDirectories(dir);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        String prefix = layout == Layout.BERT_MODEL ? "" : "bert.";
        m.values.forEach((name, v) -> {
            String hfName;
            if (name.startsWith("cls.") || name.startsWith("classifier.")) {
                hfName = name; // heads sit beside the encoder, never under bert.
            } else {
                hfName = prefix + name;
            }
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
        return dir;
    }

    static String configJson(TinyBert m, Layout layout) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode c = json.createObjectNode();
        c.putArray("architectures").add(layout.architecture);
        c.put("model_type", "bert");
        c.put("attention_probs_dropout_prob", 0.1);
        c.put("hidden_act", "gelu");
        c.put("hidden_size", m.config.hidden());
        c.put("intermediate_size", m.config.intermediate());
        c.put("layer_norm_eps", m.config.layerNormEps());
        c.put("max_position_embeddings", m.config.maxPositions());
        c.put("num_attention_heads", m.config.heads());
        c.put("num_hidden_layers", m.config.layers());
        c.put("type_vocab_size", m.config.typeVocabSize());
        c.put("vocab_size", m.config.vocabSize());
        c.put("pad_token_id", 0);
        if (m.labels > 0) {
            ObjectNode id2label = c.putObject("id2label");
            List<String> names = List.of("negative", "positive", "neutral", "mixed");
            for (int i = 0; i < m.labels; i++) id2label.put(String.valueOf(i), names.get(i % names.size()));
        }
        return json.writerWithDefaultPrettyPrinter().writeValueAsString(c);
    }
}
