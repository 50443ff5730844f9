package io.attnflow.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.query.InvalidInputException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invariants of the captured attention, pairs and batches, on bge-small-en-v1.5. */
class AttentionInvariantsTest {
    static AttentionModel model;

    @BeforeAll
    static void open() {
        model = ModelCatalog.standard().open("bge-small-en-v1.5", LoadOptions.defaults());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyAttentionRowOfASentenceSumsToOne() {
        ForwardResult r = model.encode(SentenceInput.of("The quick brown fox jumps over the lazy dog."));
        assertShape(r);
        assertRowsSumToOne(r.attention());
    }

    @Test
    void aPairIsEncodedExactlyAsTheHuggingFaceTokenizerEncodesIt() throws Exception {
        String a = "A soccer game with multiple males playing.", b = "Some men are playing a sport.";
        ForwardResult r = model.encode(SentenceInput.pair(a, b));
        Encoding expected;
        try (InputStream json = getClass().getClassLoader().getResourceAsStream("bge-small-en-v1.5-tokenizer.json");
                HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false"))) {
            expected = hf.encode(a, b);
        }
        List<TokenInfo> tokens = r.tokens();
        assertEquals(expected.getTokens().length, tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            assertEquals(expected.getTokens()[i], tokens.get(i).text(), "token " + i);
            assertEquals(expected.getTypeIds()[i], tokens.get(i).type(), "type id of token " + i);
            assertEquals(expected.getSpecialTokenMask()[i] == 1, tokens.get(i).special(), "special flag " + i);
            assertEquals(i, tokens.get(i).pos());
        }
        // [CLS] A [SEP] B [SEP]
        assertEquals("[CLS]", tokens.get(0).text());
        assertEquals("[SEP]", tokens.get(tokens.size() - 1).text());
        assertEquals(2, tokens.stream().filter(t -> t.text().equals("[SEP]")).count());
        assertOffsetsPointIntoTheirSentence(tokens, a, b);
        assertShape(r);
        assertRowsSumToOne(r.attention());
    }

    @Test
    void wordPiecesAreFlaggedAndOffsetsPointIntoTheSentence() {
        String text = "Unbelievably, tokenization splits words.";
        ForwardResult r = model.encode(SentenceInput.of(text));
        assertOffsetsPointIntoTheirSentence(r.tokens(), text, null);
        for (TokenInfo t : r.tokens()) {
            assertEquals(t.text().startsWith("##"), t.wordPiece(), t.text());
        }
        assertTrue(r.tokens().stream().anyMatch(TokenInfo::wordPiece), "the sentence has a split word");
    }

    @Test
    void aPaddedBatchGivesTheUnbatchedResultsAndPaddingGetsNoAttention() {
        List<SentenceInput> inputs = List.of(
                SentenceInput.of("Short one."),
                SentenceInput.of("This sentence is quite a bit longer than the first one, with a clause."),
                SentenceInput.pair("Is it raining?", "The streets are wet."),
                SentenceInput.of("Medium length sentence here."));
        List<ForwardResult> batched = model.encodeBatch(inputs);
        assertEquals(inputs.size(), batched.size());
        for (int k = 0; k < inputs.size(); k++) {
            ForwardResult alone = model.encode(inputs.get(k));
            ForwardResult inBatch = batched.get(k);
            assertEquals(alone.tokens(), inBatch.tokens());
            assertEquals(alone.n(), inBatch.attention().n(), "padding is stripped");
            // rows over the real tokens alone sum to 1: the padded columns got no attention
            assertRowsSumToOne(inBatch.attention());
            AttentionTensor a = alone.attention(), b = inBatch.attention();
            float worst = 0;
            for (int l = 1; l <= a.layers(); l++)
                for (int h = 0; h < a.heads(); h++)
                    for (int i = 0; i < a.n(); i++) {
                        for (int j = 0; j < a.n(); j++)
                            worst = Math.max(worst, Math.abs(a.weight(l, h, i, j) - b.weight(l, h, i, j)));
                    }
            // equal up to float32 rounding: padded shapes change the GEMM blocking, so sums round differently
            assertTrue(worst < 1e-4, "attention differs by " + worst + " for input " + k);
            for (int i = 0; i < alone.n(); i++) assertArrayEquals(alone.hidden()[i], inBatch.hidden()[i], 1e-4f);
        }
    }

    @Test
    void inputOverTheMaximumLengthIsAnErrorNamingLengthAndLimit() {
        String text = "word ".repeat(600);
        InvalidInputException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidInputException.class, () -> model.encode(SentenceInput.of(text)));
        assertTrue(e.getMessage().contains("602 tokens"), e.getMessage());
        assertTrue(e.getMessage().contains("at most 512"), e.getMessage());
        assertTrue(e.getMessage().contains("--truncate"), e.getMessage());
    }

    @Test
    void truncationHappensOnlyWhenAskedForAndIsReported() {
        String text = "word ".repeat(600);
        try (AttentionModel truncating = ModelCatalog.standard()
                .open("all-minilm-l6-v2", LoadOptions.defaults().withTruncate(true))) {
            ForwardResult r = truncating.encode(SentenceInput.of(text));
            assertTrue(r.truncated());
            assertEquals(512, r.n());
            assertEquals("[SEP]", r.tokens().get(511).text());
            assertRowsSumToOne(r.attention());
            ForwardResult shortOne = truncating.encode(SentenceInput.of("A short sentence."));
            assertFalse(shortOne.truncated());
        }
    }

    static void assertShape(ForwardResult r) {
        AttentionTensor a = r.attention();
        assertEquals(12, a.layers());
        assertEquals(12, a.heads());
        assertEquals(r.n(), a.n());
        assertEquals(r.n(), r.hidden().length);
        assertEquals(384, r.hidden()[0].length);
        assertEquals("bge-small-en-v1.5", r.model().id());
    }

    static void assertRowsSumToOne(AttentionTensor a) {
        for (int l = 1; l <= a.layers(); l++)
            for (int h = 0; h < a.heads(); h++)
                for (int i = 0; i < a.n(); i++) {
                    double sum = 0;
                    for (int j = 0; j < a.n(); j++) {
                        float w = a.weight(l, h, i, j);
                        assertTrue(w >= 0 && w <= 1, "weight " + w);
                        sum += w;
                    }
                    assertEquals(1.0, sum, 1e-5, "row " + i + " of layer " + l + " head " + h);
                }
    }

    static void assertOffsetsPointIntoTheirSentence(List<TokenInfo> tokens, String a, String b) {
        for (TokenInfo t : tokens) {
            if (t.special()) {
                assertEquals(-1, t.start());
                continue;
            }
            String sentence = t.type() == 0 ? a : b;
            String piece = sentence.substring(t.start(), t.end()).toLowerCase(Locale.ROOT);
            assertEquals(t.text().replaceFirst("^##", ""), piece, "offsets of " + t);
        }
    }
}
