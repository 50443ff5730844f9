package io.attnflow.app;

import io.attnflow.app.ForwardWorker.Crashed;
import io.attnflow.app.ForwardWorker.Encoded;
import io.attnflow.app.ForwardWorker.End;
import io.attnflow.app.ForwardWorker.Failed;
import io.attnflow.app.ForwardWorker.Item;
import io.attnflow.core.metrics.AttentionFlowPolicy;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.CharSpan;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.graph.write.ModelLinks;
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
 * sentence written whole in one transaction after the disk-space check ({@link DiskSpace}).
 *
 * <p>{@link #run} takes a corpus: the forward passes (and the rollout and head behaviour) run on their own thread, up
 * to {@link #QUEUE} sentences ahead of the writer, so that the model and Neo4j work at the same time. The writer
 * takes every encoded sentence that is waiting, up to {@link #GROUP_CELLS} attention cells, and writes them in as few
 * transactions as the store's transaction memory allows ({@link GraphWriter#writeAll}): when the writer keeps up it
 * writes one sentence at a time, when it falls behind its groups grow and the commit's fixed cost is shared
 * (docs/DESIGN.md, "Ingest"). A transaction holds whole
 * sentences, so a Run still marks a complete sentence; a sentence too large for one transaction fails (or is skipped)
 * with nothing of it written. Sentences the model already has a Run for are skipped unless forced, which makes
 * a re-run after a crash finish exactly the missing ones. {@link #ingest} takes one
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
     * @param forwardNanos  time in forward passes and their metrics (the forward and metrics threads, summed)
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

    /** Encoded sentences waiting for the writer, at most. */
    static final int QUEUE = 32;

    /**
     * A write group holds at most this many attention cells (Σ layers · n² over its sentences, the most ATTENDS
     * relationships it can have), unless a single sentence is larger. This bounds the heap of the rows the writer
     * builds for a group at once and the time until its sentences count as written; it is not the transaction bound:
     * the writer packs a group into as many transactions as the store's transaction memory needs.
     */
    static final long GROUP_CELLS = 400_000;

    private final AttentionModel model;
    private final Options options;
    private final Listener listener;
    private final DiskSpace space;
    private final GraphWriter writer;
    private final ModelLinks links;
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
        this.links = new ModelLinks(connection);
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
        for (int i = 0; i < results.size(); i++) store(results.get(i), null, i);
        return results;
    }

    private void storeModel() {
        if (!modelStored) {
            writer.ensureModel(model.info());
            if (!model.labels().isEmpty()) links.labels(model.info().id(), model.labels());
        }
        modelStored = true;
    }

    /**
     * Writes one sentence after checking the disk, with its prediction and the tokens its error {@code span} (or
     * null) marks; {@code written} counts the sentences before it, for messages.
     */
    private WriteStats store(ForwardResult result, CharSpan span, int written) {
        space.check(written);
        WriteStats stats = writer.write(
                SentenceMetrics.of(result, attentionFlow), RunAnnotations.of(result, model.labels(), span));
        listener.written(stats);
        return stats;
    }

    /** A failure with a corpus location, for {@link OnError#fail}. */
    public static final class CorpusLineException extends RuntimeException {
        CorpusLineException(String message) {
            super(message);
        }
    }

    public Summary run(List<CorpusEntry> entries) {
        long start = System.nanoTime();
        GroupWrites.Totals totals = new GroupWrites.Totals();
        GroupWrites groups = new GroupWrites(writer, space, listener, options.onError());
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
            totals.skipped++;
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

        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
        List<CorpusEntry.Sentence> work = new ArrayList<>(todo.values());
        Thread forward =
                new Thread(() -> ForwardWorker.encodeAll(model, attentionFlow, work, queue), "attnflow-forward");
        forward.setDaemon(true);
        forward.start();

        List<Item> waiting = new ArrayList<>();
        List<Encoded> group = new ArrayList<>();
        try {
            boolean end = false;
            while (!end) {
                waiting.add(queue.take());
                queue.drainTo(waiting);
                long cells = 0;
                for (Item item : waiting) {
                    if (item instanceof Encoded e && (group.isEmpty() || cells + e.cells() <= GROUP_CELLS)) {
                        group.add(e);
                        cells += e.cells();
                        continue;
                    }
                    groups.flush(group, totals); // anything else first writes what is grouped, in corpus order
                    cells = 0;
                    if (item instanceof Encoded e) {
                        group.add(e);
                        cells = e.cells();
                    } else if (item instanceof End) {
                        end = true;
                    } else if (item instanceof Crashed c) {
                        throw c.error();
                    } else if (item instanceof Failed f) {
                        if (options.onError() == OnError.fail) {
                            throw new CorpusLineException(f.entry().where() + ": " + f.reason()
                                    + ". Sentences before it are stored; fix the line (or pass --on-error skip) and"
                                    + " run again to continue.");
                        }
                        listener.skipped(f.entry().where(), f.reason());
                        totals.skipped++;
                    }
                }
                waiting.clear();
                groups.flush(group, totals);
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
                totals.written,
                alreadyStored.size(),
                totals.skipped,
                totals.rels,
                totals.edges,
                totals.forwardNanos,
                totals.writeNanos,
                System.nanoTime() - start);
    }
}
