package io.attnflow.app;

import io.attnflow.core.query.InvalidInputException;
import io.attnflow.ingest.corpus.CorpusEntry;
import java.util.List;

/**
 * One of N disjoint parts of a corpus, for ingest workers that run in parallel against the same server ({@code
 * attnflow ingest --shard i/N}; docs/SCALING.md). A sentence belongs to shard {@code h mod N}, where h is the first
 * eight hex digits of its id (a SHA-256 prefix, so uniform) read as an unsigned number: the same sentence is in the
 * same shard in every process and on every machine, and the N shards together are the whole corpus.
 *
 * @param index i, 0 ≤ i &lt; N
 * @param count N ≥ 1
 */
public record Shard(int index, int count) {
    /** The whole corpus. */
    public static final Shard ALL = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new InvalidInputException(
                    "--shard must be i/N with N >= 1 and 0 <= i < N, was " + index + "/" + count);
        }
    }

    /** Parses {@code i/N}; a bad value is refused with a one-line message naming the form. */
    public static Shard parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/", -1);
        try {
            if (parts.length == 2) return new Shard(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new InvalidInputException(
                "--shard must be i/N with N >= 1 and 0 <= i < N (e.g. 0/4), was '" + text + "'");
    }

    /** Whether the sentence with this id is in this shard. */
    public boolean contains(String sentenceId) {
        if (count == 1) return true;
        long h = Long.parseLong(sentenceId.substring(0, 8), 16);
        return h % count == index;
    }

    /**
     * The entries of this shard: its sentences, and every malformed line (so that {@code --on-error fail} refuses a
     * bad corpus in every worker alike).
     */
    public List<CorpusEntry> of(List<CorpusEntry> entries) {
        if (count == 1) return entries;
        return entries.stream()
                .filter(e -> !(e instanceof CorpusEntry.Sentence s)
                        || contains(s.input().id()))
                .toList();
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
