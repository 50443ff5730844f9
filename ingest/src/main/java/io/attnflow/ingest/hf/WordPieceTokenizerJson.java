package io.attnflow.ingest.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@code tokenizer.json} of a BERT WordPiece tokenizer from a plain {@code vocab.txt}, the way Hugging
 * Face's {@code BertTokenizerFast} converts it: BertNormalizer (clean text, Chinese characters split, lowercase and
 * accent stripping as the model was trained), BertPreTokenizer, the WordPiece model with {@code ##} continuations,
 * and TemplateProcessing {@code [CLS] A [SEP]} / {@code [CLS] A [SEP] B [SEP]} with token types 0/1. DJL's
 * {@code HuggingFaceTokenizer} then loads it like any bundled tokenizer.
 */
public final class WordPieceTokenizerJson {
    private WordPieceTokenizerJson() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The special tokens of a BERT vocabulary.
     *
     * @param unk  unknown word, e.g. {@code [UNK]}
     * @param cls  sequence start, {@code [CLS]}
     * @param sep  separator, {@code [SEP]}
     * @param pad  padding, {@code [PAD]}
     * @param mask masked-LM mask, {@code [MASK]}
     */
    public record Specials(String unk, String cls, String sep, String pad, String mask) {
        public static final Specials BERT = new Specials("[UNK]", "[CLS]", "[SEP]", "[PAD]", "[MASK]");

        List<String> all() {
            return List.of(pad, unk, cls, sep, mask);
        }
    }

    /** Reads {@code vocab.txt}: one token per line, the line number is the id. */
    public static List<String> readVocab(Path vocabTxt) {
        try {
            return parseVocab(Files.readString(vocabTxt, StandardCharsets.UTF_8), vocabTxt.toString());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + vocabTxt + ": " + e.getMessage(), e);
        }
    }

    /** Reads a vocabulary from a stream (e.g. a SavedModel's {@code assets/vocab.txt}). */
    public static List<String> readVocab(InputStream in, String origin) throws IOException {
        return parseVocab(new String(in.readAllBytes(), StandardCharsets.UTF_8), origin);
    }

    private static List<String> parseVocab(String text, String origin) {
        List<String> vocab = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String token = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            vocab.add(token);
        }
        // the file's final newline leaves one empty string behind
        while (!vocab.isEmpty() && vocab.get(vocab.size() - 1).isEmpty()) vocab.remove(vocab.size() - 1);
        if (vocab.isEmpty()) {
            throw new ModelLoadException(origin + " is empty: a vocab.txt has one word piece per line");
        }
        return vocab;
    }

    /**
     * Guesses {@code do_lower_case} when nothing states it. A cased vocabulary has thousands of capitalised pieces;
     * an uncased one has next to none outside its bracketed special tokens (bert-base-uncased has two: ℝ and ##ℝ).
     */
    public static boolean looksUncased(List<String> vocab) {
        int upper = 0;
        for (String t : vocab) {
            if (t.startsWith("[") && t.endsWith("]")) continue;
            if (t.chars().anyMatch(Character::isUpperCase)) upper++;
        }
        return upper <= vocab.size() / 1000;
    }

    /** The tokenizer.json text for {@code vocab}. */
    public static String build(List<String> vocab, boolean lowercase, Specials specials) {
        java.util.Map<String, Integer> ids = new java.util.LinkedHashMap<>();
        for (int i = 0; i < vocab.size(); i++) ids.put(vocab.get(i), i);
        for (String s : specials.all()) {
            if (!ids.containsKey(s)) {
                throw new ModelLoadException("the vocabulary has no special token " + s
                        + "; a BERT vocab.txt needs [PAD], [UNK], [CLS], [SEP] and [MASK]");
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        specials.all().stream().sorted(java.util.Comparator.comparing(ids::get)).forEach(s -> added.addObject()
                .put("id", ids.get(s))
                .put("content", s)
                .put("single_word", false)
                .put("lstrip", false)
                .put("rstrip", false)
                .put("normalized", false)
                .put("special", true));
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer");
        norm.put("clean_text", true);
        norm.put("handle_chinese_chars", true);
        norm.putNull("strip_accents"); // null = strip accents exactly when lowercasing, as BERT was trained
        norm.put("lowercase", lowercase);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, specials.cls(), 0);
        sequence(single, "A", 0);
        special(single, specials.sep(), 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, specials.cls(), 0);
        sequence(pair, "A", 0);
        special(pair, specials.sep(), 0);
        sequence(pair, "B", 1);
        special(pair, specials.sep(), 1);
        ObjectNode st = post.putObject("special_tokens");
        for (String s : List.of(specials.cls(), specials.sep())) {
            ObjectNode e = st.putObject(s);
            e.put("id", s);
            e.putArray("ids").add(ids.get(s));
            e.putArray("tokens").add(s);
        }
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "WordPiece");
        dec.put("prefix", "##");
        dec.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", specials.unk());
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        ids.forEach(v::put);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    private static void special(ArrayNode a, String token, int type) {
        ObjectNode s = a.addObject().putObject("SpecialToken");
        s.put("id", token);
        s.put("type_id", type);
    }

    private static void sequence(ArrayNode a, String id, int type) {
        ObjectNode s = a.addObject().putObject("Sequence");
        s.put("id", id);
        s.put("type_id", type);
    }
}
