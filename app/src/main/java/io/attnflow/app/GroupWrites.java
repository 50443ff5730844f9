package io.attnflow.app;

import io.attnflow.app.ForwardWorker.Encoded;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.graph.write.SentenceTooLargeException;
import io.attnflow.graph.write.WriteStats;
import java.util.List;

/**
 * How {@link IngestPipeline#run} writes a group of encoded sentences: the disk check, the writer (which packs the
 * group into transactions that fit the store), the listener's progress and the totals, and what a sentence too large
 * for one transaction does under each {@link IngestPipeline.OnError}.
 */
final class GroupWrites {
    private final GraphWriter writer;
    private final DiskSpace space;
    private final IngestPipeline.Listener listener;
    private final IngestPipeline.OnError onError;

    GroupWrites(GraphWriter writer, DiskSpace space, IngestPipeline.Listener listener, IngestPipeline.OnError onError) {
        this.writer = writer;
        this.space = space;
        this.listener = listener;
        this.onError = onError;
    }

    /** What an ingest has written so far. */
    static final class Totals {
        int written, skipped;
        long rels, edges, forwardNanos, writeNanos;
    }

    /**
     * Writes a group (in as few transactions as the store allows) after checking the disk, and empties it. A sentence
     * too large for one transaction stops the ingest with the sentences before it stored, or with {@link
     * IngestPipeline.OnError#skip} is reported and skipped.
     */
    void flush(List<Encoded> group, Totals totals) {
        int from = 0;
        while (from < group.size()) {
            List<Encoded> rest = group.subList(from, group.size());
            space.check(totals.written);
            try {
                record(
                        writer.writeAll(
                                rest.stream().map(Encoded::metrics).toList(),
                                rest.stream().map(Encoded::annotations).toList()),
                        rest,
                        totals);
                break;
            } catch (SentenceTooLargeException e) {
                record(e.written(), rest, totals);
                Encoded big = rest.get(e.written().size());
                if (onError == IngestPipeline.OnError.fail) {
                    throw e.around(
                            big.entry().where() + ": ",
                            ". Sentences before it are stored; run again to continue (or pass --on-error skip).");
                }
                listener.skipped(big.entry().where(), e.getMessage());
                totals.skipped++;
                totals.forwardNanos += big.nanos();
                from += e.written().size() + 1;
            }
        }
        group.clear();
    }

    /** Reports and counts the written sentences, the first {@code written.size()} of {@code encoded}. */
    private void record(List<WriteStats> written, List<Encoded> encoded, Totals totals) {
        for (int i = 0; i < written.size(); i++) {
            WriteStats stats = written.get(i);
            listener.written(stats);
            totals.writeNanos += stats.nanos();
            totals.rels += stats.rels();
            totals.edges += stats.edges();
            totals.written++;
            totals.forwardNanos += encoded.get(i).nanos();
        }
    }
}
