package io.attnflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.attnflow.core.model.SentenceInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo reads its bundled corpus with the ingest CorpusReader, and gets every line of demo/corpus.tsv. */
class DemoCorpusTest {

    @Test
    void theDemoCorpusHoldsEveryTabSeparatedLineOfTheRepositoryFile() throws IOException {
        Path file = Path.of("..", "demo", "corpus.tsv");
        List<SentenceInput> expected = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] cols = line.split("\t", -1);
            expected.add(new SentenceInput(
                    cols[0],
                    cols.length > 1 && !cols[1].isBlank() ? cols[1] : null,
                    "demo",
                    cols.length > 2 && !cols[2].isBlank() ? cols[2] : null));
        }
        List<SentenceInput> corpus = DemoCommand.demoCorpus();
        assertEquals(expected.size(), corpus.size());
        assertEquals(expected, corpus);
    }
}
