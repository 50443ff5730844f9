package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.app.AttentionCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code attnflow finetune} from the command line, on the bundled 6-layer model: a two-step run writes a model
 * that {@code attnflow attention} opens with its labels, and bad input is one line on stderr with exit code 1.
 */
class FinetuneCommandTest {
    @TempDir
    Path tmp;

    private Path corpus(String name, int n) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(
                    i % 2 == 0
                            ? "The cat sat on the mat number " + i + ".\t\tfine"
                            : "Cat the on sat mat " + i + "\t\tbroken");
        }
        return Files.write(tmp.resolve(name), lines);
    }

    @Test
    void aShortRunWritesAModelThatTheOtherCommandsOpen() throws Exception {
        Path out = tmp.resolve("model");
        Run r = AttentionCommandTest.run(
                "finetune",
                "--model",
                "all-minilm-l6-v2",
                "--train",
                corpus("train.tsv", 12).toString(),
                "--dev",
                corpus("dev.tsv", 4).toString(),
                "--max-steps",
                "2",
                "--batch",
                "4",
                "--checkpoints",
                "2",
                "--out",
                out.toString(),
                "--no-progress");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("trained 2 of 2 steps"), r.out());
        assertTrue(r.out().contains("majority baseline accuracy 0.500"), r.out());
        assertTrue(r.out().contains("length-only baseline"), r.out());
        assertTrue(Files.isDirectory(out.resolve("checkpoints/step-0")));
        assertTrue(Files.isDirectory(out.resolve("checkpoints/step-2")));
        Run a = AttentionCommandTest.run(
                "attention", "--model", out.toString(), "--text", "The cat sat.", "--format", "text");
        assertEquals(0, a.exitCode(), a.err());
        // the logits carry the fine-tune's own label names
        String logits = a.out()
                .lines()
                .filter(l -> l.startsWith("classifier logits:"))
                .findFirst()
                .orElse("");
        assertTrue(logits.contains(" broken ") && logits.contains(" fine "), a.out());
        String config = Files.readString(out.resolve("config.json"));
        assertTrue(config.contains("\"broken\"") && config.contains("\"fine\""), config);

        Run again = AttentionCommandTest.run(
                "finetune",
                "--model",
                "all-minilm-l6-v2",
                "--train",
                corpus("train.tsv", 12).toString(),
                "--out",
                out.toString());
        assertEquals(CommandLine.ExitCode.USAGE, again.exitCode());
        assertOneLine(again.err(), "exists");
    }

    @Test
    void badInputIsOneLine() throws Exception {
        Path train = corpus("t.tsv", 6);
        Run both = AttentionCommandTest.run(
                "finetune",
                "--model",
                "all-minilm-l6-v2",
                "--train",
                train.toString(),
                "--dev",
                train.toString(),
                "--dev-split",
                "0.2",
                "--out",
                tmp.resolve("x").toString());
        assertEquals(CommandLine.ExitCode.USAGE, both.exitCode());
        assertOneLine(both.err(), "either --dev or --dev-split");
        Run lr = AttentionCommandTest.run(
                "finetune",
                "--model",
                "all-minilm-l6-v2",
                "--train",
                train.toString(),
                "--lr",
                "0",
                "--out",
                tmp.resolve("x").toString());
        assertOneLine(lr.err(), "--lr must be between 0 and 1");
        Run missing = AttentionCommandTest.run(
                "finetune",
                "--model",
                "all-minilm-l6-v2",
                "--train",
                tmp.resolve("nope.tsv").toString(),
                "--out",
                tmp.resolve("x").toString());
        assertOneLine(missing.err(), "corpus file not found");
        assertTrue(!Files.exists(tmp.resolve("x")));
    }

    private static void assertOneLine(String err, String contains) {
        String trimmed = err.strip();
        assertTrue(trimmed.startsWith("error: ") && !trimmed.contains("\n") && trimmed.contains(contains), err);
    }
}
