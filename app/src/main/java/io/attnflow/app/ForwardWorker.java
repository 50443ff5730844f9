package io.attnflow.app;

import io.attnflow.core.metrics.AttentionFlowPolicy;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.corpus.CorpusEntry;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * The forward thread of {@link IngestPipeline#run}: encodes the corpus's sentences in order and hands each to the
 * writer through the bounded queue as an {@link Item}, so that the model and Neo4j work at the same time.
 */
final class ForwardWorker {
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

    /** Encodes {@code work} in order into {@code queue}, then {@link End}; stops quietly when interrupted. */
    static void encodeAll(
            AttentionModel model,
            AttentionFlowPolicy attentionFlow,
            List<CorpusEntry.Sentence> work,
            BlockingQueue<Item> queue) {
        try {
            for (CorpusEntry.Sentence s : work) {
                Item item;
                long t0 = System.nanoTime();
                try {
                    ForwardResult result = model.encode(s.input());
                    item = new Encoded(
                            s,
                            SentenceMetrics.of(result, attentionFlow),
                            RunAnnotations.of(result, model.labels(), s.span()),
                            System.nanoTime() - t0);
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
