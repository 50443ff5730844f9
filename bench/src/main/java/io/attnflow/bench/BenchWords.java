package io.attnflow.bench;

import io.attnflow.core.model.SentenceInput;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The words of a corpus, in order, from which the benchmarks cut real-text sentences of a chosen token length.
 *
 * @param words every whitespace-separated word of every sentence (A and B) of the corpus
 */
record BenchWords(List<String> words) {

    /** Reads the words of a corpus file (.txt, .tsv or .jsonl). */
    static BenchWords of(Path corpus) {
        List<String> words = new ArrayList<>();
        for (CorpusEntry e : CorpusReader.read(corpus)) {
            if (!(e instanceof CorpusEntry.Sentence s)) continue;
            words.addAll(Arrays.asList(s.input().text().split("\\s+")));
            if (s.input().textB() != null)
                words.addAll(Arrays.asList(s.input().textB().split("\\s+")));
        }
        return new BenchWords(words);
    }

    /** A deterministic start word for a seed, spread over the corpus. */
    int start(int seed) {
        return (int) ((seed * 7919L) % words.size());
    }

    /** {@code count} consecutive words from {@code start}, wrapping around the corpus, as one sentence. */
    SentenceInput run(int start, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) b.append(' ');
            b.append(words.get((start + i) % words.size()));
        }
        return SentenceInput.of(b.toString());
    }
}
