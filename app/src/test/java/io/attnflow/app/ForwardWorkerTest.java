package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.app.ForwardWorker.Encoded;
import io.attnflow.app.ForwardWorker.End;
import io.attnflow.app.ForwardWorker.Failed;
import io.attnflow.app.ForwardWorker.Item;
import io.attnflow.core.metrics.AttentionFlowPolicy;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forward thread with its metrics thread, on the real bundled model: items come out in corpus order, a sentence
 * the model refuses is a {@link Failed} in its place, each sentence's metrics are those of its own forward pass, and
 * both threads stop when the writer stops reading.
 */
class ForwardWorkerTest {
    private static final String MODEL = "all-minilm-l6-v2";
    private static AttentionModel model;

    @BeforeAll
    static void open() {
        model = ModelCatalog.standard().open(MODEL, LoadOptions.defaults());
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    @Test
    void itemsComeInCorpusOrderWithTheirOwnMetricsAndARefusedSentenceInItsPlace() throws Exception {
        String tooLong = "word ".repeat(model.info().maxPositions() + 10).trim();
        List<String> texts = List.of("The cat sat.", "Dogs bark at night, loudly.", tooLong, "A third, shorter one.");
        List<CorpusEntry.Sentence> work = new ArrayList<>();
        for (int k = 0; k < texts.size(); k++)
            work.add(new CorpusEntry.Sentence(Path.of("t.txt"), k + 1, SentenceInput.of(texts.get(k))));
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(IngestPipeline.QUEUE);

        ForwardWorker.encodeAll(model, AttentionFlowPolicy.defaults(), work, queue);

        List<Item> items = new ArrayList<>(queue);
        assertEquals(texts.size() + 1, items.size(), items.toString());
        for (int k = 0; k < texts.size(); k++) {
            if (k == 2) {
                Failed f = assertInstanceOf(Failed.class, items.get(k));
                assertEquals(3, f.entry().line());
                continue;
            }
            Encoded e = assertInstanceOf(Encoded.class, items.get(k));
            assertEquals(k + 1, e.entry().line());
            SentenceMetrics direct = SentenceMetrics.of(model.encode(work.get(k).input()));
            assertArrayEquals(direct.rollout(), e.metrics().rollout(), 1e-6, "rollout of line " + (k + 1));
            assertArrayEquals(direct.attentionFlow(), e.metrics().attentionFlow(), 1e-6, "flow of line " + (k + 1));
            assertTrue(e.nanos() > 0);
        }
        assertInstanceOf(End.class, items.get(texts.size()));
        assertFalse(metricsThreadAlive(), "the metrics thread ends with the corpus");
    }

    @Test
    void bothThreadsStopWhenTheWriterStopsReading() throws Exception {
        List<CorpusEntry.Sentence> work = new ArrayList<>();
        for (int k = 0; k < 20; k++)
            work.add(new CorpusEntry.Sentence(Path.of("t.txt"), k + 1, SentenceInput.of("Sentence number " + k + ".")));
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(1); // full after one item: both threads block
        Thread forward =
                new Thread(() -> ForwardWorker.encodeAll(model, AttentionFlowPolicy.defaults(), work, queue), "fw");
        forward.start();
        assertInstanceOf(Encoded.class, queue.poll(60, TimeUnit.SECONDS));
        forward.interrupt();
        forward.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(forward.isAlive(), "the forward thread stops");
        for (int t = 0; t < 300 && metricsThreadAlive(); t++) Thread.sleep(100);
        assertFalse(metricsThreadAlive(), "the metrics thread stops with it");
    }

    private static boolean metricsThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("attnflow-metrics") && t.isAlive());
    }
}
