package io.attnflow.bench;

import io.attnflow.app.IngestPipeline;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.corpus.CorpusEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Same sentences, same JVM, alternating: the forward passes alone (what the model can deliver), then the whole
 * {@link IngestPipeline#run} of `attnflow ingest` into a fresh embedded store (forward passes, rollout, head
 * behaviour and the graph writes, overlapped). The ratio of the two wall times is the ingest throughput as a share of
 * the forward-only throughput; alternating in every round lets machine load hit both alike.
 */
final class IngestThroughput {
    /** One round: wall times of both passes over the same sentences, and what the ingest wrote. */
    record Round(
            double forwardSeconds,
            double ingestSeconds,
            long rels,
            long edges,
            int written,
            double encodeSeconds,
            double writeSeconds) {
        double ratio() {
            return forwardSeconds / ingestSeconds;
        }
    }

    private final AttentionModel model;
    private final double floor;

    IngestThroughput(AttentionModel model, double floor) {
        this.model = model;
        this.floor = floor;
    }

    Round round(List<SentenceInput> inputs) throws IOException {
        long t0 = System.nanoTime();
        for (SentenceInput in : inputs) model.encode(in);
        double forward = (System.nanoTime() - t0) / 1e9;

        List<CorpusEntry> entries = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++)
            entries.add(new CorpusEntry.Sentence(Path.of("bench"), k + 1, inputs.get(k)));
        Path store = Files.createTempDirectory("attnflow-bench-ingest");
        try (GraphConnection c = GraphConnection.open(new GraphSettings(store, 0, null, null, null, null))) {
            new GraphWriter(c, floor).ensureModel(model.info()); // the store's first write, outside the timing
            IngestPipeline.Summary s = new IngestPipeline(
                            c,
                            model,
                            new IngestPipeline.Options(
                                    floor, GraphWriter.DEFAULT_BATCH, false, IngestPipeline.OnError.fail),
                            null)
                    .run(entries);
            return new Round(
                    forward,
                    s.wallNanos() / 1e9,
                    s.rels(),
                    s.edges(),
                    s.written(),
                    s.forwardNanos() / 1e9,
                    s.writeNanos() / 1e9);
        } finally {
            BenchIngestCommand.deleteTree(store);
        }
    }
}
