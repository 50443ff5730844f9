package io.attnflow.ingest.tokenize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.query.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Hugging Face {@code tokenizers} library (through DJL) reading a {@code tokenizer.json}, offline. Padding and
 * truncation settings stored in the file are switched off: the forward pass pads batches itself, and truncation
 * happens only when asked for, with {@code longest_first} as Hugging Face does for pairs.
 */
public final class HfTokenizer implements ModelTokenizer {
    private final byte[] json;
    private final HuggingFaceTokenizer exact;
    private final Map<Integer, HuggingFaceTokenizer> truncating = new HashMap<>();
    private final Map<String, Long> vocab = new HashMap<>();
    private final Map<Long, String> reverse = new HashMap<>();

    private HfTokenizer(byte[] json) throws IOException {
        this.json = json;
        this.exact = load(Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true"));
        readVocab(json);
    }

    /** Reads a {@code tokenizer.json} (the stream is read fully, not closed). */
    public static HfTokenizer fromJson(InputStream tokenizerJson) {
        try {
            return new HfTokenizer(tokenizerJson.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json: " + e.getMessage(), e);
        }
    }

    /** Reads a {@code tokenizer.json} given as text. */
    public static HfTokenizer fromJson(String tokenizerJson) {
        try {
            return new HfTokenizer(tokenizerJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json: " + e.getMessage(), e);
        }
    }

    private HuggingFaceTokenizer load(Map<String, String> options) throws IOException {
        return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
    }

    @Override
    public TokenizedInput encode(String a, String b, int maxLength, boolean truncate) {
        Encoding e = b == null ? exact.encode(a) : exact.encode(a, b);
        if (e.getIds().length <= maxLength) {
            return toInput(e, false);
        }
        if (!truncate) {
            throw new InvalidInputException(
                    "the input has " + e.getIds().length + " tokens but the model accepts at most " + maxLength
                            + "; shorten the text or allow truncation (--truncate)");
        }
        HuggingFaceTokenizer cut = truncating(maxLength);
        return toInput(b == null ? cut.encode(a) : cut.encode(a, b), true);
    }

    private synchronized HuggingFaceTokenizer truncating(int maxLength) {
        return truncating.computeIfAbsent(maxLength, m -> {
            try {
                return load(Map.of(
                        "padding",
                        "false",
                        "truncation",
                        "longest_first",
                        "maxLength",
                        String.valueOf(m),
                        "addSpecialTokens",
                        "true"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static TokenizedInput toInput(Encoding e, boolean truncated) {
        long[] ids = e.getIds(), types = e.getTypeIds(), special = e.getSpecialTokenMask(), words = e.getWordIds();
        long[] sequences = e.getSequenceIds();
        String[] texts = e.getTokens();
        CharSpan[] spans = e.getCharTokenSpans();
        List<TokenInfo> tokens = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            boolean isSpecial = special[i] == 1;
            boolean continues = !isSpecial
                    && i > 0
                    && special[i - 1] == 0
                    && words[i] >= 0
                    && words[i] == words[i - 1]
                    && sequences[i] == sequences[i - 1];
            CharSpan span = spans[i];
            int start = isSpecial || span == null ? -1 : span.getStart();
            int end = isSpecial || span == null ? -1 : span.getEnd();
            tokens.add(new TokenInfo(i, texts[i], isSpecial, continues, start, end, (int) types[i]));
        }
        return new TokenizedInput(ids, types, List.copyOf(tokens), truncated);
    }

    @Override
    public String token(long id) {
        String t = reverse.get(id);
        return t != null ? t : exact.decode(new long[] {id}, false);
    }

    @Override
    public long id(String token) {
        return vocab.getOrDefault(token, -1L);
    }

    private void readVocab(byte[] json) throws IOException {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        var model = node.path("model").path("vocab");
        if (model.isObject()) {
            model.fields()
                    .forEachRemaining(f -> vocab.put(f.getKey(), f.getValue().asLong()));
        }
        for (var added : node.path("added_tokens")) {
            vocab.put(added.path("content").asText(), added.path("id").asLong());
        }
        vocab.forEach((k, v) -> reverse.put(v, k));
    }

    @Override
    public synchronized void close() {
        exact.close();
        truncating.values().forEach(HuggingFaceTokenizer::close);
        truncating.clear();
    }
}
