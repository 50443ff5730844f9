package io.attnflow.ingest.corpus;

import io.attnflow.core.model.CharSpan;
import io.attnflow.core.model.SentenceInput;
import java.nio.file.Path;

/** One non-blank, non-comment line of a corpus file: a sentence (or pair) or the reason it could not be read. */
public sealed interface CorpusEntry {
    /** The file the line came from. */
    Path file();

    /** The 1-based line number. */
    int line();

    /** "file:line", for messages. */
    default String where() {
        return file().getFileName() + ":" + line();
    }

    /**
     * A line that reads as a sentence or a pair.
     *
     * @param span the error span in the text (the TSV's fourth field), or null
     */
    record Sentence(Path file, int line, SentenceInput input, CharSpan span) implements CorpusEntry {
        /** A sentence without an error span. */
        public Sentence(Path file, int line, SentenceInput input) {
            this(file, line, input, null);
        }
    }

    /** A line that does not; {@code reason} says what is wrong and what was expected. */
    record Malformed(Path file, int line, String reason) implements CorpusEntry {
        /** "corpus.tsv:12: reason". */
        public String message() {
            return where() + ": " + reason;
        }
    }
}
