package io.attnflow.core.model;

import java.util.List;

/**
 * A span of characters in a sentence's text A, e.g. the error a LanguageTool example marks.
 *
 * @param start first character, 0-based
 * @param end   exclusive end, greater than {@code start}
 */
public record CharSpan(int start, int end) {
    public CharSpan {
        if (start < 0 || end <= start) throw new IllegalArgumentException("not a span: " + start + "-" + end);
    }

    /** Parses {@code start-end}, the corpus's notation; a blank text is no span (null). */
    public static CharSpan parse(String text) {
        if (text == null || text.isBlank()) return null;
        String[] parts = text.strip().split("-", 2);
        return new CharSpan(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** True when the token is a piece of text A whose characters overlap this span (special tokens never do). */
    public boolean overlaps(TokenInfo token) {
        return !token.special() && token.type() == 0 && token.start() < end && token.end() > start;
    }

    /** The tokens' marks: {@code marked[pos]} is true when token {@code pos} overlaps the span (all false for null). */
    public static boolean[] marks(List<TokenInfo> tokens, CharSpan span) {
        boolean[] marked = new boolean[tokens.size()];
        if (span != null) for (TokenInfo t : tokens) marked[t.pos()] = span.overlaps(t);
        return marked;
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
