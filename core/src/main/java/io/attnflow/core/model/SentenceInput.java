package io.attnflow.core.model;

import io.attnflow.core.query.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * A sentence or a sentence pair to encode, with optional corpus metadata.
 *
 * @param text   sentence A
 * @param textB  sentence B of a pair, or null
 * @param corpus name of the corpus it came from, or null
 * @param label  a gold label (e.g. entailment), or null
 */
public record SentenceInput(String text, String textB, String corpus, String label) {

    public SentenceInput {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text is empty: give a sentence with at least one word");
        }
        if (textB != null && textB.isBlank()) {
            textB = null;
        }
    }

    /** A single sentence with no metadata. */
    public static SentenceInput of(String text) {
        return new SentenceInput(text, null, null, null);
    }

    /** A sentence pair with no metadata. */
    public static SentenceInput pair(String text, String textB) {
        return new SentenceInput(text, textB, null, null);
    }

    public boolean isPair() {
        return textB != null;
    }

    /**
     * The sentence id: the first 16 hex digits of SHA-256 over {@code text + U+001F + textB}. It depends only on
     * the text(s), so every model's subgraph of the same sentence shares one Sentence node.
     */
    public String id() {
        return idOf(text, textB);
    }

    /** See {@link #id()}. */
    public static String idOf(String text, String textB) {
        byte[] joined = (text + '\u001f' + (textB == null ? "" : textB)).getBytes(StandardCharsets.UTF_8);
        return Sha256.hex(joined).substring(0, 16);
    }
}
