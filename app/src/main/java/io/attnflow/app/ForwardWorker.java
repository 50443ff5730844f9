package io.attnflow.app;

import io.attnflow.core.metrics.AttentionFlowPolicy;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.corpus.CorpusEntry;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The forward thread of {@link IngestPipeline#run}: encodes the corpus's sentences in order and hands each to the
 * writer through the bounded queue as an {@link Item}, so that the model and Neo4j work at the same time. The
 * per-sentence metrics (rollout, head behaviour, attention flow) and annotations are computed on a thread of their
 * own, in the same order, so that the model's next forward pass starts as soon as the last one ends
 * (docs/DESIGN.md, "Ingest's metrics thread").
 */
final class ForwardWorker {
    /** Forward passes that may wait for their metrics: enough to keep both threads busy, little memory. */
    static final int METRICS_AHEAD = 2;

    private ForwardWorker() {}

    sealed interface Item {}

    record Encoded(CorpusEntry.Sentence entry, SentenceMetrics metrics, RunAnnotations annotations, long nanos)
            implements Item {
        long cells() {
            ForwardResult r = metrics.forward();
            return (long) r.attention().layers() * r.n() * r.n();
        }
    }

    record Failed(CorpusEntry.Sentence entry, String reason) implements Item {}

    record End() implements Item {}

    /** The forward thread died of an {@link Error} (out of memory, a native crash): the ingest stops with it. */
    record Crashed(Error error) implements Item {}

    /** What the metrics thread turns into the next {@link Item}, in corpus order. */
    @FunctionalInterface
    private interface Step {
        Item item();
    }

    /**
     * Encodes {@code work} in order into {@code queue}, then {@link End}; stops quietly when interrupted. Returns
     * when the metrics thread has queued the last item (or both were stopped).
     */
    static void encodeAll(
            AttentionModel model,
            AttentionFlowPolicy attentionFlow,
            List<CorpusEntry.Sentence> work,
            BlockingQueue<Item> queue) {
        BlockingQueue<Step> pending = new ArrayBlockingQueue<>(METRICS_AHEAD);
        Thread metrics = new Thread(() -> measureAll(pending, queue), "attnflow-metrics");
        metrics.setDaemon(true);
        metrics.start();
        try {
            for (CorpusEntry.Sentence s : work) {
                long t0 = System.nanoTime();
                Step step;
                try {
                    ForwardResult result = model.encode(s.input());
                    long forward = System.nanoTime() - t0;
                    step = () -> {
                        long t1 = System.nanoTime();
                        try {
                            return new Encoded(
                                    s,
                                    SentenceMetrics.of(result, attentionFlow),
                                    RunAnnotations.of(result, model.labels(), s.span()),
                                    forward + System.nanoTime() - t1);
                        } catch (RuntimeException e) { // as a sentence the model cannot encode
                            return failed(s, e);
                        }
                    };
                } catch (RuntimeException e) { // a sentence the model cannot encode: skipped or fatal, as asked
                    Failed failed = failed(s, e);
                    step = () -> failed;
                } catch (Error e) { // never a skipped line; never leave the writer waiting either
                    pending.put(() -> new Crashed(e));
                    metrics.join();
                    return;
                }
                pending.put(step);
            }
            pending.put(End::new);
            metrics.join();
        } catch (InterruptedException stop) {
            // the writer stopped: nothing more to do
        } finally {
            metrics.interrupt();
        }
    }

    /** The metrics thread: turns each step into its item, in order, until {@link End} or a crash. */
    private static void measureAll(BlockingQueue<Step> pending, BlockingQueue<Item> queue) {
        try {
            while (true) {
                Step step = pending.take();
                Item item;
                try {
                    item = step.item();
                } catch (Error e) { // as on the forward thread: the ingest stops with it
                    item = new Crashed(e);
                }
                queue.put(item);
                if (item instanceof End || item instanceof Crashed) return;
            }
        } catch (InterruptedException stop) {
            // the writer stopped: nothing more to do
        }
    }

    private static Failed failed(CorpusEntry.Sentence s, RuntimeException e) {
        return new Failed(s, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
