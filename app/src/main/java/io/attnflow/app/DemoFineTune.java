package io.attnflow.app;

import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import io.attnflow.ingest.corpus.LanguageToolCorpus;
import io.attnflow.ingest.corpus.LanguageToolReader;
import io.attnflow.ingest.finetune.FineTuneDir;
import io.attnflow.ingest.finetune.FinetuneJob;
import io.attnflow.ingest.finetune.TrainSettings;
import io.attnflow.ingest.tf.EasyBertModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The demo's pretrained-vs-fine-tuned pair (#14 item 6), made in the background while the demo serves: the bundled
 * {@value #BASE} fine-tuned on the LanguageTool acceptability corpus ({@code attnflow corpus languagetool}, built
 * from the jar in the local Maven repository), then the base, every checkpoint and the fine-tuned model ingested on
 * a slice of the held-out test split, each under its own id and linked by FINE_TUNED_FROM ({@link IngestTargets}).
 * Everything lives in a cache directory under the data directory, so a later run only ingests what the graph lacks
 * (nothing, usually). The budget and why: docs/DESIGN.md, "The demo fine-tune".
 */
final class DemoFineTune {
    static final String BASE = "all-minilm-l6-v2";
    static final String NAME = "lt-minilm";

    /**
     * How much to train and ingest.
     *
     * @param corpusLimit at most this many LanguageTool sentences before balancing (0: all)
     * @param maxSteps    training steps (batches)
     * @param batch       sentences per step
     * @param lr          peak learning rate
     * @param checkpoints saved states, evenly spaced from step 0
     * @param slice       held-out test sentences ingested for each model
     */
    record Budget(int corpusLimit, int maxSteps, int batch, double lr, int checkpoints, int slice) {
        /** The demo's: about 5 minutes of training on 2 idle cores (BENCHMARKS.md, "The demo fine-tune"). */
        static final Budget DEMO = new Budget(0, 250, 16, 1e-4, 4, 100);

        TrainSettings settings() {
            return new TrainSettings(
                    1,
                    maxSteps,
                    batch,
                    lr,
                    0.1,
                    TrainSettings.defaults().weightDecay(),
                    TrainSettings.defaults().clipNorm(),
                    64,
                    42,
                    checkpoints);
        }
    }

    private final Path cache;
    private final Budget budget;
    private final PrintWriter out;

    /** @param cache the directory that keeps the corpus and the fine-tuned model between runs */
    DemoFineTune(Path cache, Budget budget, PrintWriter out) {
        this.cache = cache;
        this.budget = budget;
        this.out = out;
    }

    /** The fine-tune's directory (complete once it holds training.json). */
    Path modelDir() {
        return cache.resolve(NAME);
    }

    /** Trains unless the cache holds the model, then ingests the family; false when the corpus jar is missing. */
    boolean run(GraphConnection connection) throws Exception {
        Files.createDirectories(cache);
        Path corpus = cache.resolve("lt.tsv");
        List<Path> splits = LanguageToolCorpus.splitFiles(corpus); // train, dev, test
        if (!Files.isRegularFile(splits.get(2))) {
            Optional<Path> jar = LanguageToolReader.localJar(EasyBertModel.localRepository());
            if (jar.isEmpty()) {
                say("fine-tune skipped: " + LanguageToolReader.COORDINATES + " is not in the local Maven repository;"
                        + " fetch it once with: " + LanguageToolReader.FETCH_COMMAND);
                return false;
            }
            say("building the LanguageTool corpus from " + jar.get().getFileName());
            CorpusCommand.LanguageTool.build(jar.get(), BASE, budget.corpusLimit(), 42, corpus);
        }
        if (!FineTuneDir.isFineTune(modelDir())) train(splits);
        else say("reusing the fine-tuned " + NAME + " in " + modelDir());
        ingest(connection, splits.get(2));
        return true;
    }

    private void train(List<Path> splits) {
        say(String.format(
                Locale.ROOT,
                "fine-tuning %s on LanguageTool acceptability: %d steps of %d (about 5 minutes on 2 idle cores)",
                BASE,
                budget.maxSteps(),
                budget.batch()));
        FinetuneJob.Progress progress = new FinetuneJob.Progress() {
            private int reported = -1;

            @Override
            public void stepped(int step, int total, double loss, double perSecond) {
                int tenth = total == 0 ? 10 : step * 10 / total;
                if (tenth == reported) return;
                reported = tenth;
                say(String.format(
                        Locale.ROOT, "fine-tune step %d/%d, loss %.3f, %.1f examples/s", step, total, loss, perSecond));
            }
        };
        FinetuneJob.Outcome o = new FinetuneJob(ModelCatalog.standard())
                .run(
                        new FinetuneJob.Request(
                                BASE, splits.get(0), splits.get(1), 0.1, modelDir(), true, budget.settings()),
                        progress);
        for (String line : FinetuneCommand.summary(o)) say(line);
    }

    private void ingest(GraphConnection connection, Path test) {
        List<CorpusEntry> slice = CorpusReader.read(test).stream()
                .filter(e -> e instanceof CorpusEntry.Sentence)
                .limit(budget.slice())
                .toList();
        List<IngestTargets.Target> targets = IngestTargets.of(List.of(modelDir().toString()));
        IngestPipeline.Options options = new IngestPipeline.Options(
                StoredWeights.DEFAULT_FLOOR, GraphWriter.DEFAULT_BATCH, false, IngestPipeline.OnError.skip);
        for (IngestTargets.Target t : targets) {
            try (AttentionModel m = IngestTargets.open(t, targets, ModelCatalog.standard(), LoadOptions.defaults());
                    IngestProgress progress = new IngestProgress(out, false)) {
                IngestPipeline.Summary s = new IngestPipeline(connection, m, options, progress).run(slice);
                IngestTargets.link(connection, t);
                say(IngestCommand.summaryLine(m.info().id(), s));
            }
        }
        say("the fine-tuned models are ready: compare " + BASE + " with " + NAME + "@final");
    }

    private void say(String line) {
        synchronized (out) {
            out.println("demo: " + line);
            out.flush();
        }
    }
}
