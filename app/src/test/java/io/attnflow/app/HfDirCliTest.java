package io.attnflow.app;

import static io.attnflow.app.AttentionCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attnflow attention --model DIR} on a Hugging Face directory that a user made: a tiny random
 * BertForMaskedLM (config.json + model.safetensors + vocab.txt). The masked-LM predictions come with the attention.
 */
class HfDirCliTest {
    private static final List<String> VOCAB =
            List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "cat", "sat", "on", "mat", "dog", "ran", ".");
    private static final int H = 4, I = 8, L = 1, P = 16;

    @TempDir
    Path dir;

    @Test
    void aMaskedLmDirectoryPrintsItsPredictionsAtTheMask() throws Exception {
        writeTinyMaskedLm(dir);
        AttentionCommandTest.Run r =
                run("attention", "--model", dir.toString(), "--text", "the cat [MASK] on the mat.");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals("hf-dir", json.get("model").get("source").asText());
        assertEquals(List.of("model", "tokens", "attention", "predictions"), AttentionCommandTest.fieldNames(json));
        JsonNode p = json.get("predictions").get(0);
        assertEquals(
                "[MASK]",
                json.get("tokens").get(p.get("pos").asInt()).get("text").asText());
        assertEquals(10, p.get("tokens").size());
        assertTrue(p.get("probs").get(0).asDouble() >= p.get("probs").get(1).asDouble());

        AttentionCommandTest.Run text =
                run("attention", "--model", dir.toString(), "--text", "the dog [MASK] .", "--format", "text");
        assertTrue(text.out().contains("masked-LM at 3:"), text.out());
    }

    /** A one-layer BERT with random weights, written as transformers would save a BertForMaskedLM. */
    static void writeTinyMaskedLm(Path dir) throws IOException {
        Random rnd = new Random(3);
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        java.util.function.BiConsumer<String, long[]> put = (name, shape) -> {
            int n = 1;
            for (long d : shape) n *= (int) d;
            ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            boolean gamma = name.endsWith("LayerNorm.weight");
            for (int i = 0; i < n; i++) b.putFloat(gamma ? 1f : (float) (0.5 * rnd.nextGaussian()));
            ObjectNode t = header.putObject(name);
            t.put("dtype", "F32");
            var s = t.putArray("shape");
            for (long d : shape) s.add(d);
            t.putArray("data_offsets").add(data.size()).add(data.size() + n * 4);
            data.writeBytes(b.array());
        };
        put.accept("bert.embeddings.word_embeddings.weight", new long[] {VOCAB.size(), H});
        put.accept("bert.embeddings.position_embeddings.weight", new long[] {P, H});
        put.accept("bert.embeddings.token_type_embeddings.weight", new long[] {2, H});
        for (String ln : List.of(
                "bert.embeddings.LayerNorm",
                "bert.encoder.layer.0.attention.output.LayerNorm",
                "bert.encoder.layer.0.output.LayerNorm",
                "cls.predictions.transform.LayerNorm")) {
            put.accept(ln + ".weight", new long[] {H});
            put.accept(ln + ".bias", new long[] {H});
        }
        String p = "bert.encoder.layer.0.";
        for (String lin : List.of(
                "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense")) {
            put.accept(p + lin + ".weight", new long[] {H, H});
            put.accept(p + lin + ".bias", new long[] {H});
        }
        put.accept(p + "intermediate.dense.weight", new long[] {I, H});
        put.accept(p + "intermediate.dense.bias", new long[] {I});
        put.accept(p + "output.dense.weight", new long[] {H, I});
        put.accept(p + "output.dense.bias", new long[] {H});
        put.accept("cls.predictions.transform.dense.weight", new long[] {H, H});
        put.accept("cls.predictions.transform.dense.bias", new long[] {H});
        put.accept("cls.predictions.bias", new long[] {VOCAB.size()});
        byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(h.length)
                .array());
        file.writeBytes(h);
        file.writeBytes(data.toByteArray());
        Files.write(dir.resolve("model.safetensors"), file.toByteArray());
        Files.writeString(
                dir.resolve("config.json"),
                "{\"architectures\": [\"BertForMaskedLM\"], \"model_type\": \"bert\","
                        + " \"hidden_size\": " + H + ", \"intermediate_size\": " + I + ", \"num_hidden_layers\": " + L
                        + ", \"num_attention_heads\": 2, \"max_position_embeddings\": " + P
                        + ", \"type_vocab_size\": 2,"
                        + " \"vocab_size\": " + VOCAB.size() + ", \"hidden_act\": \"gelu\"}");
        Files.write(dir.resolve("vocab.txt"), VOCAB);
    }
}
