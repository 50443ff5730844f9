package io.attnflow.ingest.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.ingest.files.AtomicFiles;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a fine-tuned classifier as a Hugging Face {@code BertForSequenceClassification} directory:
 * {@code config.json}, {@code model.safetensors} (the checkpoint names transformers uses), the base's
 * {@code tokenizer.json} and {@code training.json}. Everything is written into a hidden temporary sibling and then
 * renamed into place in one step, so a directory that exists is always complete.
 */
public final class ClassifierDir {
    /** The architecture written to config.json. */
    public static final String ARCHITECTURE = "BertForSequenceClassification";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassifierDir() {}

    /**
     * The checkpoint name of a canonical tensor in {@code BertForSequenceClassification}: the encoder and pooler
     * under {@code bert.}, the classifier at the top level.
     */
    public static String checkpointName(String canonical) {
        return canonical.startsWith("classifier.") ? canonical : "bert." + canonical;
    }

    /**
     * Writes the directory {@code dir} atomically (it must not exist).
     *
     * @param tensors       canonical name → tensor (encoder, pooler, classifier)
     * @param training      the contents of training.json
     * @param tokenizerJson the base's tokenizer.json
     */
    public static void write(
            Path dir,
            BertConfig config,
            List<String> labels,
            Map<String, Tensor> tensors,
            String tokenizerJson,
            ObjectNode training) {
        Path parent = dir.toAbsolutePath().getParent();
        Path tmp = parent.resolve(
                "." + dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(parent);
            deleteTree(tmp);
            Files.createDirectories(tmp);
            writeInto(tmp, config, labels, tensors, tokenizerJson, training);
            AtomicFiles.move(tmp, dir);
        } catch (IOException | UncheckedIOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), new IOException(e));
        }
    }

    /** Writes the four files into an existing directory that the caller publishes atomically afterwards. */
    public static void writeInto(
            Path dir,
            BertConfig config,
            List<String> labels,
            Map<String, Tensor> tensors,
            String tokenizerJson,
            ObjectNode training) {
        try {
            Map<String, Tensor> named = new LinkedHashMap<>();
            tensors.forEach((name, t) -> named.put(checkpointName(name), t));
            SafetensorsOut.write(dir.resolve("model.safetensors"), named);
            Files.writeString(dir.resolve("config.json"), pretty(config(config, labels)));
            Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson);
            Files.writeString(dir.resolve("training.json"), pretty(training));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The config.json transformers writes for this shape and these labels. */
    static ObjectNode config(BertConfig c, List<String> labels) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add(ARCHITECTURE);
        n.put("model_type", "bert");
        n.put("attention_probs_dropout_prob", 0.1);
        n.put("classifier_dropout", (String) null);
        n.put("hidden_act", "gelu");
        n.put("hidden_dropout_prob", 0.1);
        n.put("hidden_size", c.hidden());
        n.put("initializer_range", TrainableBert.INIT_STD);
        n.put("intermediate_size", c.intermediate());
        n.put("layer_norm_eps", c.layerNormEps());
        n.put("max_position_embeddings", c.maxPositions());
        n.put("num_attention_heads", c.heads());
        n.put("num_hidden_layers", c.layers());
        n.put("pad_token_id", 0);
        n.put("position_embedding_type", "absolute");
        n.put("problem_type", "single_label_classification");
        n.put("torch_dtype", "float32");
        n.put("type_vocab_size", c.typeVocabSize());
        n.put("vocab_size", c.vocabSize());
        ObjectNode id2label = n.putObject("id2label");
        ObjectNode label2id = n.putObject("label2id");
        for (int i = 0; i < labels.size(); i++) {
            id2label.put(String.valueOf(i), labels.get(i));
            label2id.put(labels.get(i), i);
        }
        return n;
    }

    private static String pretty(ObjectNode n) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    }

    /** Deletes a directory tree (nothing when absent). */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException ignored) {
            // best effort: a leftover hidden .tmp directory is removed by the next run
        }
    }
}
