package io.attnflow.app;

import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.finetune.FinetuneJob;
import io.attnflow.ingest.finetune.Metrics;
import io.attnflow.ingest.finetune.TrainSettings;
import io.attnflow.ingest.finetune.TrainingData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attnflow finetune}: trains a sequence classifier on a labelled corpus and saves it as a HF directory. */
@Command(
        name = "finetune",
        mixinStandardHelpOptions = true,
        description = {
            "Fine-tune a BERT model as a sequence classifier (pooler + classifier, cross-entropy, AdamW with linear"
                    + " warm-up and decay) on a labelled corpus, on the CPU, offline.",
            "Writes a Hugging Face BertForSequenceClassification directory (config.json, model.safetensors,"
                    + " tokenizer.json, training.json) that `--model DIR` opens. Ctrl-C stops after the current step"
                    + " and saves the state reached."
        })
final class FinetuneCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "BASE", description = "base model id or path")
    String model;

    @Option(
            names = "--train",
            required = true,
            paramLabel = "FILE",
            description = "labelled corpus: .tsv (text<TAB>textB<TAB>label) or .jsonl ({\"text\",\"label\"})")
    Path train;

    @Option(names = "--dev", paramLabel = "FILE", description = "held-out corpus (default: split off --dev-split)")
    Path dev;

    @Option(
            names = "--dev-split",
            paramLabel = "F",
            description = "fraction of --train held out when no --dev is given (default: 0.1)")
    Double devSplit;

    @Option(names = "--epochs", defaultValue = "3", description = "passes over the data (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(
            names = "--max-steps",
            defaultValue = "0",
            paramLabel = "N",
            description = "stop after N updates (0: no limit)")
    int maxSteps;

    @Option(
            names = "--batch",
            defaultValue = "16",
            paramLabel = "N",
            description = "sentences per update (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", defaultValue = "2e-5", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;

    @Option(
            names = "--warmup",
            defaultValue = "0.1",
            paramLabel = "F",
            description = "fraction of the updates spent warming up (default: ${DEFAULT-VALUE})")
    double warmup;

    @Option(
            names = "--max-tokens",
            defaultValue = "128",
            paramLabel = "N",
            description = "cut sentences to N tokens (default: ${DEFAULT-VALUE})")
    int maxTokens;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "seeds the head and the shuffling (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the model directory to create")
    Path out;

    @Option(
            names = "--checkpoints",
            defaultValue = "0",
            paramLabel = "K",
            description = "also save K states, evenly spaced from step 0 to the last, in DIR/checkpoints/step-N")
    int checkpoints;

    @Option(names = "--force", description = "replace --out when it holds an earlier fine-tune")
    boolean force;

    @Option(names = "--no-progress", negatable = false, description = "no progress bar (a line every 10%% instead)")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OptionCheck.require(spec, dev == null || devSplit == null, "give either --dev or --dev-split, not both");
        TrainSettings settings = new TrainSettings(
                epochs,
                maxSteps,
                batch,
                lr,
                warmup,
                TrainSettings.defaults().weightDecay(),
                TrainSettings.defaults().clipNorm(),
                maxTokens,
                seed,
                checkpoints);
        PrintWriter err = spec.commandLine().getErr();
        FinetuneJob job = new FinetuneJob(ModelCatalog.standard());
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC = new Thread(() -> {
            err.println("\ninterrupted: saving the state after the current step");
            err.flush();
            job.requestStop();
            try {
                finished.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        Progress progress = new Progress(err, !noProgress && System.console() != null);
        try {
            FinetuneJob.Outcome o = job.run(
                    new FinetuneJob.Request(
                            model,
                            train,
                            dev,
                            devSplit == null ? TrainingData.DEFAULT_DEV_SPLIT : devSplit,
                            out,
                            force,
                            settings),
                    progress);
            progress.close();
            PrintWriter stdout = spec.commandLine().getOut();
            for (String line : summary(o)) stdout.println(line);
            stdout.flush();
            return 0;
        } finally {
            progress.close();
            // after Ctrl-C the shutdown hook waits for this: the model and the summary are out by now
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
    }

    static java.util.List<String> summary(FinetuneJob.Outcome o) {
        var r = o.result();
        var lines = new java.util.ArrayList<String>();
        lines.add(String.format(
                Locale.ROOT,
                "%s %d of %d steps in %.1f s (%.2f s/step, %.1f examples/s)",
                r.interrupted() ? "stopped after" : "trained",
                r.steps(),
                r.totalSteps(),
                r.seconds(),
                r.steps() == 0 ? 0 : r.seconds() / r.steps(),
                r.seconds() == 0 ? 0 : r.examples() / r.seconds()));
        String dev = o.dev() == null ? "not evaluated (interrupted)" : metrics(o.dev());
        lines.add(String.format(
                Locale.ROOT,
                "dev (%d sentences): %s; majority baseline %s; length-only baseline %s",
                o.data().dev().size(),
                dev,
                metrics(o.majority()),
                metrics(o.lengthOnly())));
        lines.add("saved " + o.out()
                + (o.checkpoints().isEmpty()
                        ? ""
                        : " and " + o.checkpoints().size() + " checkpoints in "
                                + o.out().resolve("checkpoints")));
        return lines;
    }

    private static String metrics(Metrics m) {
        return String.format(Locale.ROOT, "accuracy %.3f, MCC %.3f", m.accuracy(), m.mcc());
    }

    /** A progress bar with loss and speed on a terminal (it shows the ETA); otherwise a line every 10%. */
    private static final class Progress implements FinetuneJob.Progress, AutoCloseable {
        private final PrintWriter err;
        private final boolean bar;
        private ConsoleProgress progress;
        private double smoothed = Double.NaN;

        Progress(PrintWriter err, boolean bar) {
            this.err = err;
            this.bar = bar;
            this.progress = ConsoleProgress.start(err, false, "finetune", " steps", 0, false);
        }

        @Override
        public void message(String line) {
            progress.message(line);
        }

        @Override
        public void started(int totalSteps) {
            progress = ConsoleProgress.start(err, bar, "finetune", " steps", totalSteps, false);
        }

        @Override
        public void stepped(int step, int total, double loss, double perSecond) {
            smoothed = Double.isNaN(smoothed) ? loss : 0.9 * smoothed + 0.1 * loss;
            String status = String.format(Locale.ROOT, "loss %.4f, %.1f examples/s", smoothed, perSecond);
            progress.stepTo(step, total, status, () -> "finetune: step " + step + "/" + total + ", " + status);
        }

        @Override
        public void close() {
            progress.close();
        }
    }
}
