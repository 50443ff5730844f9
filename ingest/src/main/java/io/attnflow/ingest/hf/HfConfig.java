package io.attnflow.ingest.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a Hugging Face {@code config.json} says about a BERT, DistilBERT or RoBERTa model.
 *
 * @param modelType    {@code bert}, {@code distilbert} or {@code roberta}
 * @param architecture the first entry of {@code architectures}, e.g. {@code BertForSequenceClassification} (or the
 *                     model type when the config names none)
 * @param config       the hyper-parameters for the forward pass
 * @param labels       {@code id2label} in index order (empty when absent)
 * @param doLowerCase  {@code do_lower_case} when the config states it, else null
 * @param raw          the parsed JSON, for anything else
 */
public record HfConfig(
        String modelType,
        String architecture,
        BertConfig config,
        List<String> labels,
        Boolean doLowerCase,
        JsonNode raw) {

    /** The architectures (heads) whose weights this project maps; others of a supported model type are refused. */
    public static final Set<String> SUPPORTED_ARCHITECTURES = Set.of(
            "BertModel",
            "BertForMaskedLM",
            "BertForSequenceClassification",
            "BertForPreTraining",
            "DistilBertModel",
            "DistilBertForMaskedLM",
            "DistilBertForSequenceClassification",
            "RobertaModel",
            "RobertaForMaskedLM",
            "RobertaForSequenceClassification");

    /**
     * Fine-tuned architectures whose encoder is a plain BERT/DistilBERT/RoBERTa but whose task head this project does
     * not run: their attention is shown, the head's tensors are left out (so no logits are reported).
     */
    public static final Set<String> ENCODER_ONLY_ARCHITECTURES = Set.of(
            "BertForTokenClassification",
            "BertForQuestionAnswering",
            "BertForMultipleChoice",
            "BertForNextSentencePrediction",
            "DistilBertForTokenClassification",
            "DistilBertForQuestionAnswering",
            "DistilBertForMultipleChoice",
            "RobertaForTokenClassification",
            "RobertaForQuestionAnswering",
            "RobertaForMultipleChoice");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** True when the checkpoint's task head is not run (see {@link #ENCODER_ONLY_ARCHITECTURES}). */
    public boolean encoderOnly() {
        return ENCODER_ONLY_ARCHITECTURES.contains(architecture);
    }

    /** Reads and checks {@code config.json}. */
    public static HfConfig read(Path configJson) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(configJson));
        } catch (IOException e) {
            throw new ModelLoadException(configJson + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(configJson + " is not a JSON object");
        }
        String architecture = root.path("architectures").path(0).asText("");
        String modelType = root.path("model_type").asText("");
        if (architecture.isEmpty() && modelType.isEmpty()) {
            throw new ModelLoadException(configJson + " names neither 'architectures' nor 'model_type'");
        }
        if (architecture.isEmpty()) {
            architecture = modelType;
        } else if (!SUPPORTED_ARCHITECTURES.contains(architecture)
                && !ENCODER_ONLY_ARCHITECTURES.contains(architecture)) {
            throw new ModelLoadException(
                    configJson + ": architecture " + architecture + " is not supported; supported: "
                            + String.join(", ", new java.util.TreeSet<>(SUPPORTED_ARCHITECTURES))
                            + "; attention only (head not run): "
                            + String.join(", ", new java.util.TreeSet<>(ENCODER_ONLY_ARCHITECTURES)));
        }
        if (modelType.isEmpty()) {
            modelType = architecture.startsWith("DistilBert")
                    ? "distilbert"
                    : architecture.startsWith("Roberta") ? "roberta" : "bert";
        }
        BertConfig config =
                switch (modelType) {
                    case "bert" -> bert(root, configJson, 1e-12, 0);
                    case "roberta" -> bert(
                            root, configJson, 1e-5, root.path("pad_token_id").asInt(1) + 1);
                    case "distilbert" -> distilbert(root, configJson);
                    default -> throw new ModelLoadException("model_type '" + modelType + "' (" + configJson
                            + ") is not supported; supported: bert, distilbert, roberta");
                };
        Boolean lower = root.has("do_lower_case") ? root.get("do_lower_case").asBoolean() : null;
        return new HfConfig(modelType, architecture, config, labels(root), lower, root);
    }

    private static BertConfig bert(JsonNode c, Path file, double defaultEps, int positionOffset) {
        requireGelu(c.path("hidden_act").asText("gelu"), "hidden_act", file);
        String positions = c.path("position_embedding_type").asText("absolute");
        if (!positions.equals("absolute")) {
            throw new ModelLoadException("position_embedding_type '" + positions + "' in " + file
                    + " is not supported; only absolute position embeddings are");
        }
        String modelType = c.path("model_type").asText("bert");
        return new BertConfig(
                modelType.isEmpty() ? "bert" : modelType,
                requireInt(c, "num_hidden_layers", file),
                requireInt(c, "num_attention_heads", file),
                requireInt(c, "hidden_size", file),
                requireInt(c, "intermediate_size", file),
                requireInt(c, "vocab_size", file),
                requireInt(c, "max_position_embeddings", file),
                c.path("type_vocab_size").asInt(2),
                c.path("layer_norm_eps").asDouble(defaultEps),
                positionOffset);
    }

    private static BertConfig distilbert(JsonNode c, Path file) {
        requireGelu(c.path("activation").asText("gelu"), "activation", file);
        return new BertConfig(
                "distilbert",
                requireInt(c, "n_layers", file),
                requireInt(c, "n_heads", file),
                requireInt(c, "dim", file),
                requireInt(c, "hidden_dim", file),
                requireInt(c, "vocab_size", file),
                requireInt(c, "max_position_embeddings", file),
                0,
                1e-12,
                0);
    }

    private static void requireGelu(String act, String key, Path file) {
        if (!act.equals("gelu")) {
            throw new ModelLoadException(key + " '" + act + "' in " + file
                    + " is not supported; the forward pass implements the exact (erf) 'gelu'");
        }
    }

    private static int requireInt(JsonNode c, String key, Path file) {
        JsonNode v = c.get(key);
        if (v == null || !v.canConvertToInt() || v.asInt() <= 0) {
            throw new ModelLoadException(file + " lacks a positive integer '" + key + "'");
        }
        return v.asInt();
    }

    private static List<String> labels(JsonNode root) {
        JsonNode id2label = root.get("id2label");
        if (id2label == null || !id2label.isObject()) return List.of();
        Map<Integer, String> byId = new TreeMap<>();
        id2label.fields().forEachRemaining(f -> {
            try {
                byId.put(Integer.parseInt(f.getKey()), f.getValue().asText());
            } catch (NumberFormatException ignored) {
                // a non-numeric key is not a label index; leave it out
            }
        });
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < byId.size(); i++) {
            labels.add(byId.getOrDefault(i, "LABEL_" + i));
        }
        return List.copyOf(labels);
    }
}
