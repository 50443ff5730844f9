package io.attnflow.app.finetune;

import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.finetune.FinetuneJob;
import io.attnflow.ingest.finetune.TrainSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A really fine-tuned classifier for the tests: the bundled 6-layer all-MiniLM-L6 trained for {@value #STEPS}
 * steps by {@code attnflow finetune}'s own job, with checkpoints at step 0 and at the end, once per test JVM.
 * Its predictions need not be good, only real.
 */
public final class FineTunedFixture {
    public static final String BASE = "all-minilm-l6-v2";
    public static final int STEPS = 2;

    /** The LanguageTool corpus's shape: text, empty textB, label, error span (for unacceptable ones). */
    public static final List<String> CORPUS = List.of(
            "He go to school every day.\t\tunacceptable\t3-5",
            "She goes to school every day.\t\tacceptable\t",
            "They was happy about it.\t\tunacceptable\t5-8",
            "They were happy about it.\t\tacceptable\t");

    private static Path dir;

    private FineTunedFixture() {}

    /** The fine-tune's directory, named {@code lt-tiny} (trained on first use). */
    public static synchronized Path dir() {
        if (dir != null) return dir;
        try {
            Path root = Files.createTempDirectory("attnflow-ft");
            List<String> train = new ArrayList<>();
            for (int i = 0; i < 3; i++) train.addAll(CORPUS);
            Path trainFile = Files.write(root.resolve("train.tsv"), train);
            Path devFile = Files.write(root.resolve("dev.tsv"), CORPUS);
            TrainSettings s = new TrainSettings(1, STEPS, 4, 5e-5, 0.0, 0.01, 1.0, 32, 7, 2);
            new FinetuneJob(ModelCatalog.standard())
                    .run(
                            new FinetuneJob.Request(BASE, trainFile, devFile, 0.1, root.resolve("lt-tiny"), false, s),
                            new FinetuneJob.Progress() {});
            dir = root.resolve("lt-tiny");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The corpus as a TSV file in {@code folder}, named {@code lt.tsv}. */
    public static Path corpus(Path folder) {
        try {
            return Files.write(folder.resolve("lt.tsv"), CORPUS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
