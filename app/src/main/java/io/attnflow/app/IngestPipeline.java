package io.attnflow.app;

import io.attnflow.core.metrics.AttentionFlowPolicy;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.graph.write.WriteStats;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.corpus.CorpusEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one ingest path of the CLI ({@code attnflow ingest}), the demo and the API: forward passes → graph, each
 * sentence written in its own transaction after the disk-space check ({@link DiskSpace}).
 *
 * <p>{@link #run} takes a corpus: the forward passes run on their own thread, one or two sentences ahead of the
 * writer, so that the model and Neo4j work at the same time; sentences the model already has a Run for are skipped
 * unless forced, which makes a re-run after a crash finish exactly the missing ones. {@link #ingest} takes one
 * small batch (the API's {@link CatalogIngestor}): all of it is encoded before anything is written, so an input the
 * model cannot take fails the batch with nothing stored. An {@link Error} is never taken for a bad line.
 */
public final class IngestPipeline {
    /** What to do with a malformed corpus line or a sentence the model cannot encode (e.g. too long). */
    public enum OnError {
        /** Stop with an error naming file:line (malformed lines are found before anything is written). */
        fail,
        /** Report file:line on stderr, skip it, count it in the summary. */
        skip
    }

    /**
     * @param floor    store floor
     * @param batch    edge rows per UNWIND batch
     * @param force    re-write sentences that are already stored
     * @param onError  skip or fail on bad lines
     */
    public record Options(double floor, int batch, boolean force, OnError onError) {}

    /** Receives progress; all methods are called on the caller's thread. */
    public interface Listener {
        default void started(int toWrite, int alreadyStored) {}

        default void written(WriteStats stats) {}

        default void skipped(String where, String reason) {}
    }

    /**
     * What an ingest did.
     *
     * @param written       sentences written
     * @param alreadyStored sentences skipped because their Run exists
     * @param skipped       lines skipped as malformed or not encodable (with {@code --on-error skip})
     * @param rels          ATTENDS relationships written
     * @param edges         per-head edges written (non-zero q entries)
     * @param forwardNanos  time in forward passes (on the forward thread)
     * @param writeNanos    time in graph transactions
     * @param wallNanos     elapsed time
     */
    public record Summary(
            int written,
            int alreadyStored,
            int skipped,
            long rels,
            long edges,
            long forwardNanos,
            long writeNanos,
            long wallNanos) {}

    private final AttentionModel model;
    private final Options options;
    private final Listener listener;
    private final DiskSpace space;
    private final GraphWriter writer;
    private boolean modelStored;
    private AttentionFlowPolicy attentionFlow = AttentionFlowPolicy.defaults();

    public IngestPipeline(GraphConnection connection, AttentionModel model, Options options, Listener listener) {
        this(connection, model, options, listener, DiskSpace.of(connection));
    }

    IngestPipeline(
            GraphConnection connection, AttentionModel model, Options options, Listener listener, DiskSpace space) {
        this.model = model;
        this.options = options;
        this.listener = listener == null ? new Listener() {} : listener;
        this.space = space;
        this.writer = new GraphWriter(connection, options.floor(), options.batch());
    }

    /** Which sentences get their attention flow (max-flow) computed and stored (default: the bounded default). */
    public IngestPipeline withAttentionFlow(AttentionFlowPolicy policy) {
        this.attentionFlow = policy;
        return this;
    }

    /**
     * Encodes a batch, then writes each sentence in its own transaction (replacing an earlier run of it).
     *
     * @return the forward results, in input order
     * @throws io.attnflow.ingest.tokenize.InputTooLongException when an input is longer than the model takes and
     *     truncation is off; nothing of the batch is written then
     */
    public List<ForwardResult> ingest(List<SentenceInput> inputs) {
        storeModel();
        List<ForwardResult> results = model.encodeBatch(inputs);
        for (int i = 0; i < results.size(); i++) store(results.get(i), i);
        return results;
    }

    private void storeModel() {
        if (!modelStored) writer.ensureModel(model.info());
        modelStored = true;
    }

    /** Writes one sentence after checking the disk; {@code written} counts the sentences before it, for messages. */
    private WriteStats store(ForwardResult result, int written) {
        space.check(written);
        WriteStats stats = writer.write(SentenceMetrics.of(result, attentionFlow));
        listener.written(stats);
        return stats;
    }

    /** A failure with a corpus location, for {@link OnError#fail}. */
    public static final class CorpusLineException extends RuntimeException {
        CorpusLineException(String message) {
            super(message);
        }
    }

    private sealed interface Item {}

    private record Encoded(CorpusEntry.Sentence entry, ForwardResult result, long nanos) implements Item {}

    private record Failed(CorpusEntry.Sentence entry, String reason) implements Item {}

    private record End() implements Item {}

    /** The forward thread died of an {@link Error} (out of memory, a native crash): the ingest stops with it. */
    private record Crashed(Error error) implements Item {}

    public Summary run(List<CorpusEntry> entries) {
        long start = System.nanoTime();
        int skipped = 0;
        List<CorpusEntry.Malformed> malformed = entries.stream()
                .filter(e -> e instanceof CorpusEntry.Malformed)
                .map(e -> (CorpusEntry.Malformed) e)
                .toList();
        if (!malformed.isEmpty() && options.onError() == OnError.fail) {
            throw new CorpusLineException(malformed.get(0).message()
                    + (malformed.size() > 1 ? " (and " + (malformed.size() - 1) + " more malformed lines)" : "")
                    + ". Fix the line, or pass --on-error skip to skip malformed lines.");
        }
        for (CorpusEntry.Malformed m : malformed) {
            listener.skipped(m.where(), m.reason());
            skipped++;
        }

        storeModel();
        Set<String> stored = options.force()
                ? Set.of()
                : writer.completedSentences(model.info().id());
        Map<String, CorpusEntry.Sentence> todo = new LinkedHashMap<>();
        Set<String> alreadyStored = new HashSet<>();
        for (CorpusEntry e : entries) {
            if (e instanceof CorpusEntry.Sentence s) {
                String id = s.input().id();
                if (stored.contains(id)) alreadyStored.add(id);
                else todo.putIfAbsent(id, s); // a repeated line is the same sentence: written once
            }
        }
        listener.started(todo.size(), alreadyStored.size());

        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(2);
        List<CorpusEntry.Sentence> work = new ArrayList<>(todo.values());
        Thread forward = new Thread(() -> encodeAll(work, queue), "attnflow-forward");
        forward.setDaemon(true);
        forward.start();

        int written = 0;
        long rels = 0, edges = 0, forwardNanos = 0, writeNanos = 0;
        try {
            while (true) {
                Item item = queue.take();
                if (item instanceof End) break;
                if (item instanceof Crashed c) throw c.error();
                if (item instanceof Failed f) {
                    if (options.onError() == OnError.fail) {
                        throw new CorpusLineException(f.entry().where() + ": " + f.reason()
                                + ". Sentences before it are stored; fix the line (or pass --on-error skip) and"
                                + " run again to continue.");
                    }
                    listener.skipped(f.entry().where(), f.reason());
                    skipped++;
                    continue;
                }
                Encoded e = (Encoded) item;
                forwardNanos += e.nanos();
                WriteStats stats = store(e.result(), written);
                writeNanos += stats.nanos();
                rels += stats.rels();
                edges += stats.edges();
                written++;
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("ingest interrupted", ie);
        } finally {
            forward.interrupt();
            try {
                forward.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
        return new Summary(
                written,
                alreadyStored.size(),
                skipped,
                rels,
                edges,
                forwardNanos,
                writeNanos,
                System.nanoTime() - start);
    }

    private void encodeAll(List<CorpusEntry.Sentence> work, BlockingQueue<Item> queue) {
        try {
            for (CorpusEntry.Sentence s : work) {
                Item item;
                long t0 = System.nanoTime();
                try {
                    item = new Encoded(s, model.encode(s.input()), System.nanoTime() - t0);
                } catch (RuntimeException e) { // a sentence the model cannot encode: skipped or fatal, as asked
                    item = new Failed(s, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                } catch (Error e) { // never a skipped line; never leave the writer waiting either
                    queue.put(new Crashed(e));
                    return;
                }
                queue.put(item);
            }
            queue.put(new End());
        } catch (InterruptedException stop) {
            // the writer stopped: nothing more to do
        }
    }
}
