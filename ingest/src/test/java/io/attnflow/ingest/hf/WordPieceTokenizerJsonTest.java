package io.attnflow.ingest.hf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer generated from a bare vocab.txt must encode exactly like the tokenizer.json that Hugging Face
 * shipped for the same vocabulary: bge-small-en-v1.5 uses the bert-base-uncased WordPiece vocabulary, and its
 * tokenizer.json is bundled in the langchain4j jar on the test classpath.
 */
class WordPieceTokenizerJsonTest {
    private static final Map<String, String> NO_PADDING = Map.of("addSpecialTokens", "true", "padding", "false");

    @Test
    void theGeneratedTokenizerEncodesLikeHuggingFacesOwnForSingleSentencesAndPairs() throws Exception {
        String shipped;
        try (InputStream in = getClass().getResourceAsStream("/bge-small-en-v1.5-tokenizer.json")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> vocab = vocabOf(shipped);
        assertTrue(WordPieceTokenizerJson.looksUncased(vocab));
        String generated = WordPieceTokenizerJson.build(vocab, true, WordPieceTokenizerJson.Specials.BERT);
        List<String> sentences = List.of(
                "The capital of France is [MASK].",
                "Héllo, WORLD!  Unbelievably tokenised: naïve café, 3.14 and 東京.",
                "don't stop-believing (ever) #1 @home",
                "\tTabs\nand newlines\u00a0and\u200bodd spaces");
        try (HuggingFaceTokenizer a = tokenizer(shipped);
                HuggingFaceTokenizer b = tokenizer(generated)) {
            for (String s : sentences) {
                assertSameEncoding(a.encode(s), b.encode(s), s);
            }
            assertSameEncoding(
                    a.encode("A man is playing a guitar.", "Someone plays music."),
                    b.encode("A man is playing a guitar.", "Someone plays music."),
                    "pair");
            Encoding pair = b.encode("one two", "three");
            assertEquals(List.of("[CLS]", "one", "two", "[SEP]", "three", "[SEP]"), List.of(pair.getTokens()));
            assertArrayEquals(new long[] {0, 0, 0, 0, 1, 1}, pair.getTypeIds());
        }
    }

    @Test
    void aCasedVocabularyIsDetectedAsCased() {
        assertFalse(WordPieceTokenizerJson.looksUncased(List.of("[CLS]", "the", "The")));
    }

    @Test
    void aVocabularyWithoutSpecialTokensIsRefused() {
        var e = assertThrows(
                ModelLoadException.class,
                () -> WordPieceTokenizerJson.build(List.of("a", "b"), true, WordPieceTokenizerJson.Specials.BERT));
        assertTrue(e.getMessage().contains("no special token [PAD]"), e.getMessage());
    }

    private static void assertSameEncoding(Encoding expected, Encoding actual, String what) {
        assertEquals(List.of(expected.getTokens()), List.of(actual.getTokens()), what);
        assertArrayEquals(expected.getIds(), actual.getIds(), what);
        assertArrayEquals(expected.getTypeIds(), actual.getTypeIds(), what);
        assertArrayEquals(expected.getSpecialTokenMask(), actual.getSpecialTokenMask(), what);
        for (int i = 0; i < expected.getCharTokenSpans().length; i++) {
            var e = expected.getCharTokenSpans()[i];
            var a = actual.getCharTokenSpans()[i];
            assertEquals(e == null, a == null, what);
            if (e != null) {
                assertEquals(e.getStart(), a.getStart(), what);
                assertEquals(e.getEnd(), a.getEnd(), what);
            }
        }
    }

    private static HuggingFaceTokenizer tokenizer(String json) throws Exception {
        return HuggingFaceTokenizer.newInstance(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), NO_PADDING);
    }

    private static List<String> vocabOf(String tokenizerJson) throws Exception {
        JsonNode v = new ObjectMapper().readTree(tokenizerJson).path("model").path("vocab");
        String[] byId = new String[v.size()];
        v.fields().forEachRemaining(f -> byId[f.getValue().asInt()] = f.getKey());
        return new ArrayList<>(List.of(byId));
    }
}
