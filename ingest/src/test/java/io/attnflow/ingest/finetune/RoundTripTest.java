package io.attnflow.ingest.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.hf.HfNames;
import io.attnflow.ingest.hf.Safetensors;
import io.attnflow.ingest.hf.WordPieceTokenizerJson;
import io.attnflow.ingest.testing.TinyBert;
import io.attnflow.ingest.tokenize.HfTokenizer;
import io.attnflow.ingest.tokenize.TokenizedInput;
import io.attnflow.ingest.weights.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trained classifier saved as a directory re-opens through the catalogue's hf-dir loader with the logits of the
 * training forward pass, and its tensor names and config are those of transformers' BertForSequenceClassification.
 */
class RoundTripTest {
    @TempDir
    Path tmp;

    private static final List<String> SENTENCES =
            List.of("the big cat sat on the red mat .", "a bird in the blue sky", "dog", "the house and the tree ?");

    /** The names transformers gives a BertForSequenceClassification's state dict, spelled out from its source. */
    static TreeSet<String> transformersNames(int layers) {
        TreeSet<String> names = new TreeSet<>();
        for (String e : List.of("word_embeddings", "position_embeddings", "token_type_embeddings")) {
            names.add("bert.embeddings." + e + ".weight");
        }
        names.add("bert.embeddings.LayerNorm.weight");
        names.add("bert.embeddings.LayerNorm.bias");
        for (int l = 0; l < layers; l++) {
            String p = "bert.encoder.layer." + l + ".";
            for (String m : List.of(
                    "attention.self.query",
                    "attention.self.key",
                    "attention.self.value",
                    "attention.output.dense",
                    "attention.output.LayerNorm",
                    "intermediate.dense",
                    "output.dense",
                    "output.LayerNorm")) {
                names.add(p + m + ".weight");
                names.add(p + m + ".bias");
            }
        }
        names.add("bert.pooler.dense.weight");
        names.add("bert.pooler.dense.bias");
        names.add("classifier.weight");
        names.add("classifier.bias");
        return names;
    }

    @Test
    void theSavedDirectoryReproducesTheTrainingLogits() throws Exception {
        TinyBert tiny = TinyBert.random(21, 0, false);
        String tokenizerJson = WordPieceTokenizerJson.build(TinyBert.VOCAB, true, WordPieceTokenizerJson.Specials.BERT);
        List<String> labels = List.of("bad", "good", "so-so");
        Path dir = tmp.resolve("classifier");
        List<Example> examples = new ArrayList<>();
        float[][] trained;
        Map<String, Tensor> snapshot;
        try (HfTokenizer tokenizer = HfTokenizer.fromJson(tokenizerJson);
                TrainableBert model =
                        new TrainableBert(GradientCheckTest.weights(tiny), labels.size(), 1, DataType.FLOAT32)) {
            for (int i = 0; i < SENTENCES.size(); i++) {
                TokenizedInput t = tokenizer.encode(SENTENCES.get(i), null, 24, false);
                examples.add(new Example("s" + i, t.ids(), t.typeIds(), i % labels.size()));
            }
            new Finetuner()
                    .train(
                            model,
                            examples,
                            new TrainSettings(1, 3, 2, 1e-2, 0, 0.01, 1.0, 24, 1, 0),
                            new Finetuner.Listener() {},
                            (step, m) -> {});
            trained = Predictions.logits(model, examples, 4);
            snapshot = model.snapshot();
            ClassifierDir.write(
                    dir, model.config(), labels, snapshot, tokenizerJson, new ObjectMapper().createObjectNode());
        }
        Safetensors st = Safetensors.open(dir.resolve("model.safetensors"));
        assertEquals(
                transformersNames(tiny.config.layers()),
                new TreeSet<>(st.entries().keySet()));
        for (String name : st.entries().keySet()) {
            String canonical = HfNames.canonical("bert", name); // the loader's own, tested name table
            assertTrue(snapshot.containsKey(canonical), name + " maps to " + canonical);
            assertEquals("F32", st.entries().get(name).dtype());
        }
        JsonNode config = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
        assertEquals(
                "BertForSequenceClassification",
                config.path("architectures").path(0).asText());
        assertEquals("bert", config.path("model_type").asText());
        assertEquals(tiny.config.hidden(), config.path("hidden_size").asInt());
        assertEquals(tiny.config.layers(), config.path("num_hidden_layers").asInt());
        assertEquals(tiny.config.heads(), config.path("num_attention_heads").asInt());
        assertEquals(
                tiny.config.intermediate(), config.path("intermediate_size").asInt());
        assertEquals(tiny.config.vocabSize(), config.path("vocab_size").asInt());
        assertEquals(
                tiny.config.maxPositions(),
                config.path("max_position_embeddings").asInt());
        assertEquals("so-so", config.path("id2label").path("2").asText());
        assertEquals(2, config.path("label2id").path("so-so").asInt());

        double worst = 0;
        try (AttentionModel reopened = ModelCatalog.standard().open(dir.toString(), LoadOptions.defaults())) {
            assertEquals("hf-dir", reopened.info().source());
            for (int i = 0; i < SENTENCES.size(); i++) {
                float[] logits =
                        reopened.encode(SentenceInput.of(SENTENCES.get(i))).logits();
                assertEquals(labels.size(), logits.length);
                for (int k = 0; k < logits.length; k++) {
                    worst = Math.max(worst, Math.abs(logits[k] - trained[i][k]));
                    assertEquals(trained[i][k], logits[k], 1e-5, SENTENCES.get(i) + " logit " + k);
                }
            }
        }
        System.out.printf("round trip: worst logit difference %.2e%n", worst);
    }
}
