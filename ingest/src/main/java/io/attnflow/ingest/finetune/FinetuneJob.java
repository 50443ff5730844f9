package io.attnflow.ingest.finetune;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.ResolvedModel;
import io.attnflow.ingest.files.AtomicFiles;
import io.attnflow.ingest.tokenize.HfTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code attnflow finetune}: base model + labelled corpus → a Hugging Face classifier directory, with optional
 * intermediate checkpoints in {@code checkpoints/step-N}. The run works in a hidden staging directory beside
 * {@code --out}; each checkpoint is renamed into it complete, and the whole is renamed to {@code --out} at the end,
 * so an interrupted or failed run never leaves a half-written model. {@link #requestStop()} (Ctrl-C) ends training
 * after the current step and still saves the state reached.
 */
public final class FinetuneJob {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What to train.
     *
     * @param model    base model id or path, as the catalogue opens it
     * @param train    labelled corpus
     * @param dev      held-out corpus, or null to split {@code devSplit} of {@code train} off
     * @param devSplit the held-out fraction without a dev file
     * @param out      the directory to create
     * @param force    replace {@code out} if it holds an earlier fine-tune
     */
    public record Request(
            String model, Path train, Path dev, double devSplit, Path out, boolean force, TrainSettings settings) {}

    /** Progress reports: training steps plus one-line messages. */
    public interface Progress extends Finetuner.Listener {
        default void message(String line) {}
    }

    /**
     * What came out.
     *
     * @param dev         dev metrics (null when interrupted)
     * @param checkpoints the checkpoint directories written, in step order
     */
    public record Outcome(
            Path out,
            TrainingData data,
            Finetuner.Result result,
            Metrics dev,
            Metrics majority,
            Metrics lengthOnly,
            List<Path> checkpoints) {}

    private final ModelCatalog catalog;
    private final Finetuner finetuner = new Finetuner();

    public FinetuneJob(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Ends the run after the current step; the state reached is saved as the model. Safe from any thread. */
    public void requestStop() {
        finetuner.requestStop();
    }

    public Outcome run(Request r, Progress progress) {
        Path out = r.out().toAbsolutePath().normalize();
        checkOut(out, r.force());
        ResolvedModel base = catalog.resolve(r.model(), LoadOptions.defaults());
        try (var tokenizer = base.tokenizer()) {
            if (!(tokenizer instanceof HfTokenizer hf)) {
                throw new InvalidInputException("the base model " + r.model() + " has no tokenizer.json to ship"
                        + " with the fine-tuned model");
            }
            ModelInfo info = base.info();
            int maxTokens = Math.min(r.settings().maxTokens(), info.maxPositions());
            TrainingData data = TrainingData.load(
                    r.train(),
                    r.dev(),
                    r.devSplit(),
                    tokenizer,
                    maxTokens,
                    r.settings().seed());
            progress.message(String.format(
                    java.util.Locale.ROOT,
                    "%s: %d training and %d dev sentences, labels %s%s",
                    info.id(),
                    data.train().size(),
                    data.dev().size(),
                    data.labels(),
                    data.truncated() > 0 ? ", " + data.truncated() + " cut to " + maxTokens + " tokens" : ""));
            Path staging = out.getParent().resolve("." + out.getFileName() + ".partial");
            deleteTree(staging);
            createDirectories(staging);
            TrainingRecord record = new TrainingRecord(info, r, data, maxTokens);
            List<Path> checkpoints = new ArrayList<>();
            try (TrainableBert model = new TrainableBert(
                    base.weights(), data.labels().size(), r.settings().seed(), DataType.FLOAT32)) {
                return train(r, progress, out, staging, data, record, checkpoints, model, hf);
            } catch (RuntimeException | Error e) {
                ClassifierDir.deleteQuietly(staging); // a failed run leaves nothing behind
                throw e;
            }
        }
    }

    private Outcome train(
            Request r,
            Progress progress,
            Path out,
            Path staging,
            TrainingData data,
            TrainingRecord record,
            List<Path> checkpoints,
            TrainableBert model,
            HfTokenizer hf) {
        List<Double> curve = new ArrayList<>();
        Finetuner.Listener listener = new Finetuner.Listener() {
            @Override
            public void started(int totalSteps) {
                progress.started(totalSteps);
            }

            @Override
            public void stepped(int step, int total, double loss, double perSecond) {
                curve.add(loss);
                progress.stepped(step, total, loss, perSecond);
            }
        };
        Finetuner.Checkpoints save = (step, m) -> {
            Path dir = staging.resolve("checkpoints").resolve("step-" + step);
            ClassifierDir.write(dir, m.config(), data.labels(), m.snapshot(), hf.json(), record.json(step, curve));
            checkpoints.add(out.resolve("checkpoints").resolve("step-" + step));
        };
        Finetuner.Result result = finetuner.train(model, data.train(), r.settings(), listener, save);
        if (!result.interrupted()
                && r.settings().checkpointSteps(result.totalSteps()).contains(result.steps())) {
            save.save(result.steps(), model);
        }
        Metrics dev = null;
        if (!result.interrupted()) {
            progress.message("evaluating on " + data.dev().size() + " dev sentences");
            int[] gold = data.dev().stream().mapToInt(Example::label).toArray();
            int[] pred = Predictions.argmax(
                    Predictions.logits(model, data.dev(), r.settings().batch()));
            dev = Metrics.of(gold, pred, data.labels().size());
        }
        int classes = data.labels().size();
        Metrics majority = Metrics.majority(data.train(), data.dev(), classes);
        Metrics length = Metrics.lengthOnly(data.train(), data.dev(), classes);
        ObjectNode json = record.json(result.steps(), curve);
        record.finish(json, result, dev, majority, length);
        ClassifierDir.writeInto(staging, model.config(), data.labels(), model.snapshot(), hf.json(), json);
        publish(staging, out, r.force());
        return new Outcome(out, data, result, dev, majority, length, List.copyOf(checkpoints));
    }

    /** Refuses an existing --out unless --force is given and it is an earlier fine-tune (or empty). */
    private static void checkOut(Path out, boolean force) {
        if (!Files.exists(out)) return;
        if (!force) {
            throw new InvalidInputException(
                    "--out " + out + " exists: choose another directory, or add --force to" + " replace it");
        }
        if (!Files.isDirectory(out)) throw new InvalidInputException("--out " + out + " is a file, not a directory");
        boolean earlier = Files.isRegularFile(out.resolve("training.json"));
        if (!earlier && !isEmpty(out)) {
            throw new InvalidInputException("--out " + out + " is not an earlier fine-tune (it has no training.json):"
                    + " --force replaces only those; choose another directory");
        }
    }

    /** Renames the staging directory to {@code out}, replacing an earlier fine-tune only now. */
    private static void publish(Path staging, Path out, boolean force) {
        try {
            Path old = out.getParent().resolve("." + out.getFileName() + ".replaced");
            deleteTree(old);
            boolean replacing = force && Files.exists(out);
            if (replacing) AtomicFiles.move(out, old); // kept until the new model is in place
            AtomicFiles.move(staging, out);
            if (replacing) deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the model into " + out + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try {
            ClassifierDir.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    static ObjectMapper json() {
        return JSON;
    }
}
