package io.attnflow.ingest.finetune;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.query.InvalidInputException;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.testing.HfDirWriter;
import io.attnflow.ingest.testing.HfDirWriter.Layout;
import io.attnflow.ingest.testing.SafetensorsWriter.DType;
import io.attnflow.ingest.testing.TinyBert;
import io.attnflow.ingest.weights.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input to a fine-tune fails with one line that names the problem, and writes nothing. */
class FinetuneBadInputTest {
    @TempDir
    Path tmp;

    private Path base;
    private Path good;

    private RuntimeException fails(Path train, Path dev, Path out, boolean force) {
        return fails(base.toString(), train, dev, out, force);
    }

    private RuntimeException fails(String model, Path train, Path dev, Path out, boolean force) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> new FinetuneJob(ModelCatalog.standard())
                .run(
                        new FinetuneJob.Request(
                                model, train, dev, 0.2, out, force, FinetuneJobTest.settings(1, 2, 1e-3, 2)),
                        new FinetuneJob.Progress() {}));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(
                e instanceof InvalidInputException || e instanceof ModelLoadException, "a user's error, typed: " + e);
        return e;
    }

    private void setUp() throws IOException {
        base = HfDirWriter.write(TinyBert.random(3, 0, false), tmp.resolve("base"), Layout.BERT_MODEL, DType.F32);
        good = ToyCorpus.write(tmp.resolve("good.tsv"), 40, 1);
    }

    private Path file(String name, String... lines) throws IOException {
        return Files.write(tmp.resolve(name), List.of(lines));
    }

    private void nothingWritten(Path out) throws IOException {
        assertFalse(Files.exists(out), out + " must not exist");
        try (Stream<Path> s = Files.list(tmp)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().contains(".partial")), "no staging left");
        }
    }

    @Test
    void oneClassOnly() throws IOException {
        setUp();
        Path one = file("one.tsv", "the cat sat\t\tyes", "a dog ran\t\tyes");
        Path out = tmp.resolve("o1");
        String m = fails(one, good, out, false).getMessage();
        assertTrue(m.contains("only one label ('yes')"), m);
        nothingWritten(out);
    }

    @Test
    void unknownLabelInDev() throws IOException {
        setUp();
        Path dev = file("dev.tsv", "the cat sat\t\tyes", "a dog ran\t\tmaybe");
        String m = fails(good, dev, tmp.resolve("o2"), false).getMessage();
        assertTrue(m.contains("dev.tsv:2") && m.contains("'maybe'") && m.contains("no, yes"), m);
    }

    @Test
    void emptyFiles() throws IOException {
        setUp();
        Path empty = file("empty.tsv", "# only a comment", "");
        assertTrue(fails(empty, good, tmp.resolve("o3"), false).getMessage().contains("empty.tsv has no sentences"));
        assertTrue(fails(good, empty, tmp.resolve("o3"), false).getMessage().contains("empty.tsv has no sentences"));
    }

    @Test
    void aLineWithoutALabelOrMalformed() throws IOException {
        setUp();
        Path unlabelled = file("unlabelled.tsv", "the cat sat\t\tyes", "a dog ran");
        assertTrue(fails(unlabelled, good, tmp.resolve("o4"), false)
                .getMessage()
                .contains("unlabelled.tsv:2 has no label"));
        Path bad = file("bad.tsv", "a\tb\tc\td\te");
        assertTrue(fails(bad, good, tmp.resolve("o4"), false).getMessage().startsWith("bad.tsv:1:"));
    }

    @Test
    void aBaseWithoutATokenizer() throws IOException {
        setUp();
        Path noTokenizer =
                HfDirWriter.write(TinyBert.random(3, 0, false), tmp.resolve("bare"), Layout.BERT_MODEL, DType.F32);
        Files.delete(noTokenizer.resolve("vocab.txt"));
        String m = fails(noTokenizer.toString(), good, null, tmp.resolve("o5"), false)
                .getMessage();
        assertTrue(m.contains("neither tokenizer.json nor vocab.txt"), m);
        nothingWritten(tmp.resolve("o5"));
    }

    @Test
    void anExistingOutWithoutForceAndForceOnSomethingElse() throws IOException {
        setUp();
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        String m = fails(good, null, out, false).getMessage();
        assertTrue(m.contains("exists") && m.contains("--force"), m);
        String forced = fails(good, null, out, true).getMessage();
        assertTrue(forced.contains("not an earlier fine-tune"), forced);
        assertTrue(Files.exists(out.resolve("notes.txt")), "the user's directory is untouched");
    }

    @Test
    void aModelTheCatalogueDoesNotKnow() throws IOException {
        setUp();
        assertTrue(fails("no-such-model", good, null, tmp.resolve("o6"), false)
                .getMessage()
                .contains("unknown model"));
    }
}
