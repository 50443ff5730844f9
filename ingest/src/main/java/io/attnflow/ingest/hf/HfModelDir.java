package io.attnflow.ingest.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.core.model.Sha256;
import io.attnflow.ingest.weights.BertConfig;
import io.attnflow.ingest.weights.BertWeights;
import io.attnflow.ingest.weights.LoadedWeights;
import io.attnflow.ingest.weights.ModelLoadException;
import io.attnflow.ingest.weights.Tensor;
import io.attnflow.ingest.weights.WeightsCheck;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a local Hugging Face model directory: {@code config.json}, {@code model.safetensors} (or the shards named by
 * {@code model.safetensors.index.json}) and {@code tokenizer.json} or {@code vocab.txt}. BERT (BertModel,
 * BertForSequenceClassification, BertForMaskedLM, with or without the {@code bert.} prefix), DistilBERT and RoBERTa
 * checkpoints are mapped to canonical {@link BertWeights} names. Anything else fails with a message that names what
 * is missing or unsupported, and how to fix it.
 */
public final class HfModelDir {
    private HfModelDir() {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OTHER_WEIGHT_FILES = List.of(
            "pytorch_model.bin",
            "tf_model.h5",
            "flax_model.msgpack",
            "model.onnx",
            "onnx/model.onnx",
            "model.ckpt.index");

    /** True when {@code dir} looks like a model directory (it has a config.json); says nothing of its validity. */
    public static boolean looksLikeModelDir(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json"));
    }

    /**
     * Loads the model in {@code dir}.
     *
     * @param dir    the directory
     * @param id     the model id to report
     * @param name   the human-readable origin
     * @param source {@code hf-dir} or {@code hf-cache}
     */
    public static LoadedWeights load(Path dir, String id, String name, String source) {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException(dir + " is not a directory");
        }
        Path configJson = dir.resolve("config.json");
        if (!Files.isRegularFile(configJson)) {
            throw new ModelLoadException(dir + " has no config.json, so it is not a Hugging Face model directory"
                    + " (expected config.json, model.safetensors and tokenizer.json or vocab.txt)");
        }
        HfConfig hf = HfConfig.read(configJson);
        List<Path> weightFiles = weightFiles(dir, hf);
        Map<String, Tensor> tensors = readTensors(hf.modelType(), weightFiles);
        if (hf.encoderOnly()) {
            // e.g. a token-classification "classifier" is not a sequence classifier: keep the encoder only
            tensors.keySet().removeIf(k -> k.startsWith("classifier.") || k.startsWith("cls."));
        }
        // tied embeddings: a checkpoint may keep only one of the shared tensors
        if (!tensors.containsKey("embeddings.word_embeddings.weight")
                && tensors.containsKey("cls.predictions.decoder.weight")) {
            tensors.put("embeddings.word_embeddings.weight", tensors.get("cls.predictions.decoder.weight"));
        }
        List<String> labels = List.of();
        if (tensors.containsKey("classifier.weight")) {
            int n = (int) tensors.get("classifier.weight").shape()[0];
            labels = hf.labels().size() == n ? hf.labels() : defaultLabels(n);
        }
        String origin = weightFiles.size() == 1 ? weightFiles.get(0).toString() : dir + " (sharded safetensors)";
        BertWeights weights = new BertWeights(hf.config(), Map.copyOf(tensors), labels, sha256(weightFiles));
        WeightsCheck.validate(weights, origin);
        JsonNode tokConfig = readOptionalJson(dir.resolve("tokenizer_config.json"));
        String tokenizer = tokenizerJson(dir, hf, tokConfig);
        String shown =
                hf.encoderOnly() ? name + " (" + hf.architecture() + ": attention only, its head is not run)" : name;
        return new LoadedWeights(id, shown, source, weights, tokenizer);
    }

    /** The SHA-256 of the weight files concatenated (one file in the common case). */
    public static String sha256(List<Path> files) {
        MessageDigest sha = Sha256.digest();
        for (Path f : files) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(f), sha)) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                throw new ModelLoadException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return Sha256.hex(sha);
    }

    private static List<Path> weightFiles(Path dir, HfConfig hf) {
        Path single = dir.resolve("model.safetensors");
        if (Files.isRegularFile(single)) return List.of(single);
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(index)) {
            JsonNode map = readOptionalJson(index).get("weight_map");
            if (map == null || !map.isObject()) {
                throw new ModelLoadException(index + " has no weight_map object");
            }
            Set<Path> shards = new LinkedHashSet<>();
            map.elements().forEachRemaining(f -> shards.add(dir.resolve(f.asText())));
            for (Path s : shards) {
                if (!Files.isRegularFile(s))
                    throw new ModelLoadException(index + " names shard " + s + ", which is missing");
            }
            return new ArrayList<>(shards);
        }
        for (String other : OTHER_WEIGHT_FILES) {
            if (Files.exists(dir.resolve(other))) {
                throw new ModelLoadException(dir + " has no model.safetensors (found " + other + "): convert it with"
                        + " python -c \"from transformers import " + transformersClass(hf) + " as M;"
                        + " M.from_pretrained('" + dir + "').save_pretrained('" + dir
                        + "', safe_serialization=True)\"");
            }
        }
        throw new ModelLoadException(dir + " has no model.safetensors (no weights at all): a Hugging Face model"
                + " directory needs config.json, model.safetensors and tokenizer.json or vocab.txt");
    }

    private static String transformersClass(HfConfig hf) {
        return hf.architecture().contains("For") || hf.architecture().endsWith("Model")
                ? hf.architecture()
                : "AutoModel";
    }

    private static Map<String, Tensor> readTensors(String modelType, List<Path> files) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, Tensor> fallbacks = new LinkedHashMap<>();
        for (Path f : files) {
            Safetensors st = Safetensors.open(f);
            for (String name : st.entries().keySet()) {
                String canonical = HfNames.canonical(modelType, name);
                if (canonical == null) continue;
                if (HfNames.isFallback(name)) {
                    fallbacks.put(canonical, st.read(name));
                } else {
                    tensors.put(canonical, st.read(name));
                }
            }
        }
        fallbacks.forEach(tensors::putIfAbsent);
        return tensors;
    }

    private static List<String> defaultLabels(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add("LABEL_" + i);
        return List.copyOf(l);
    }

    private static String tokenizerJson(Path dir, HfConfig hf, JsonNode tokConfig) {
        Path tokenizerJson = dir.resolve("tokenizer.json");
        try {
            if (Files.isRegularFile(tokenizerJson)) return Files.readString(tokenizerJson);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + tokenizerJson + ": " + e.getMessage(), e);
        }
        Path vocabTxt = dir.resolve("vocab.txt");
        if (!Files.isRegularFile(vocabTxt)) {
            throw new ModelLoadException(dir + " has neither tokenizer.json nor vocab.txt: add the model's tokenizer"
                    + " files (python -c \"from transformers import AutoTokenizer as T; T.from_pretrained('" + dir
                    + "').save_pretrained('" + dir + "')\" writes tokenizer.json)");
        }
        if (hf.modelType().equals("roberta")) {
            throw new ModelLoadException(dir + " has a vocab.txt but no tokenizer.json; RoBERTa uses a byte-level BPE"
                    + " tokenizer, so add its tokenizer.json");
        }
        List<String> vocab = WordPieceTokenizerJson.readVocab(vocabTxt);
        BertConfig c = hf.config();
        if (vocab.size() != c.vocabSize()) {
            throw new ModelLoadException(vocabTxt + " has " + vocab.size() + " word pieces but config.json says"
                    + " vocab_size " + c.vocabSize() + ": the tokenizer does not belong to these weights");
        }
        boolean lower = tokConfig.has("do_lower_case")
                ? tokConfig.get("do_lower_case").asBoolean()
                : hf.doLowerCase() != null ? hf.doLowerCase() : WordPieceTokenizerJson.looksUncased(vocab);
        WordPieceTokenizerJson.Specials d = WordPieceTokenizerJson.Specials.BERT;
        WordPieceTokenizerJson.Specials specials = new WordPieceTokenizerJson.Specials(
                tokenText(tokConfig.get("unk_token"), d.unk()),
                tokenText(tokConfig.get("cls_token"), d.cls()),
                tokenText(tokConfig.get("sep_token"), d.sep()),
                tokenText(tokConfig.get("pad_token"), d.pad()),
                tokenText(tokConfig.get("mask_token"), d.mask()));
        return WordPieceTokenizerJson.build(vocab, lower, specials);
    }

    /** A special token in tokenizer_config.json is a string or an AddedToken object with "content". */
    private static String tokenText(JsonNode node, String fallback) {
        if (node == null || node.isNull()) return fallback;
        if (node.isTextual()) return node.asText();
        return node.path("content").asText(fallback);
    }

    private static JsonNode readOptionalJson(Path file) {
        if (!Files.isRegularFile(file)) return JSON.createObjectNode();
        try {
            JsonNode n = JSON.readTree(Files.readString(file));
            return n == null ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            throw new ModelLoadException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
