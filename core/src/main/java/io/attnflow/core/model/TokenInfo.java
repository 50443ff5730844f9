package io.attnflow.core.model;

/**
 * One token of an encoded sentence (or sentence pair).
 *
 * @param pos       position in the sequence, 0-based ({@code [CLS]} is 0)
 * @param text      the word piece as the tokenizer wrote it, e.g. {@code ##ing} or {@code [SEP]}
 * @param special   true for {@code [CLS]}, {@code [SEP]}, {@code <s>} and the like
 * @param wordPiece true when the piece continues the previous word
 * @param start     character offset of the piece in its sentence (text A or text B), -1 for special tokens
 * @param end       exclusive end offset, -1 for special tokens
 * @param type      token type id: 0 for sentence A, 1 for sentence B of a pair
 */
public record TokenInfo(int pos, String text, boolean special, boolean wordPiece, int start, int end, int type) {}
