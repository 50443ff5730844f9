package io.attnflow.ingest.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.query.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusReaderTest {
    @TempDir
    Path dir;

    @Test
    void aTextFileHasOneSentencePerLineWithoutCommentsAndBlankLines() throws Exception {
        Path f = write("notes.txt", "# a comment\nThe cat sat.\n\n   \nIt rained.\n");
        List<CorpusEntry> entries = CorpusReader.read(f);
        assertEquals(2, entries.size());
        CorpusEntry.Sentence first = assertInstanceOf(CorpusEntry.Sentence.class, entries.get(0));
        assertEquals(2, first.line());
        assertEquals(new SentenceInput("The cat sat.", null, "notes", null), first.input());
        assertEquals(5, entries.get(1).line());
    }

    @Test
    void aTsvLineIsTextWithOptionalSecondSentenceAndLabel() throws Exception {
        Path f = write(
                "nli.tsv", "A man sleeps.\tA person rests.\tentailment\nJust one.\t\tsimple\nTwo\tparts\nAlone\n");
        List<CorpusEntry> e = CorpusReader.read(f);
        assertEquals(new SentenceInput("A man sleeps.", "A person rests.", "nli", "entailment"), sentence(e.get(0)));
        assertEquals(new SentenceInput("Just one.", null, "nli", "simple"), sentence(e.get(1)));
        assertEquals(new SentenceInput("Two", "parts", "nli", null), sentence(e.get(2)));
        assertEquals(new SentenceInput("Alone", null, "nli", null), sentence(e.get(3)));
    }

    @Test
    void malformedTsvLinesAreReportedWithTheirLineNumbers() throws Exception {
        Path f = write("bad.tsv", "ok\n# comment\na\tb\tc\td\te\n\tonly b\n");
        List<CorpusEntry> e = CorpusReader.read(f);
        assertEquals(3, e.size());
        CorpusEntry.Malformed tooMany = assertInstanceOf(CorpusEntry.Malformed.class, e.get(1));
        assertEquals(3, tooMany.line());
        assertTrue(tooMany.message().startsWith("bad.tsv:3: 5 tab-separated fields"), tooMany.message());
        CorpusEntry.Malformed empty = assertInstanceOf(CorpusEntry.Malformed.class, e.get(2));
        assertEquals("bad.tsv:4: the text (first field) is empty", empty.message());
    }

    @Test
    void aFourthTsvFieldIsAnErrorSpan() throws Exception {
        Path f = write("span.tsv", "He go home.\t\tunacceptable\t3-5\nFine.\t\tacceptable\t\nBad.\t\tx\tthree\n");
        List<CorpusEntry> e = CorpusReader.read(f);
        assertEquals(new SentenceInput("He go home.", null, "span", "unacceptable"), sentence(e.get(0)));
        assertEquals(new SentenceInput("Fine.", null, "span", "acceptable"), sentence(e.get(1)));
        CorpusEntry.Malformed bad = assertInstanceOf(CorpusEntry.Malformed.class, e.get(2));
        assertTrue(bad.message().contains("start-end character offsets"), bad.message());
    }

    @Test
    void jsonlLinesCarryTextSecondSentenceAndLabel() throws Exception {
        Path f = write(
                "qa.jsonl",
                """
                {"text": "Who wrote it?", "textB": "Ann wrote it.", "label": "answer"}
                {"text": "Plain."}
                {"text": "broken"
                {"textB": "no text"}
                [1, 2]
                """);
        List<CorpusEntry> e = CorpusReader.read(f);
        assertEquals(new SentenceInput("Who wrote it?", "Ann wrote it.", "qa", "answer"), sentence(e.get(0)));
        assertNull(sentence(e.get(1)).textB());
        assertTrue(
                ((CorpusEntry.Malformed) e.get(2)).message().startsWith("qa.jsonl:3: not valid JSON"),
                e.get(2).toString());
        assertEquals(
                "qa.jsonl:4: \"text\" is missing, empty or not a string", ((CorpusEntry.Malformed) e.get(3)).message());
        assertInstanceOf(CorpusEntry.Malformed.class, e.get(4));
    }

    @Test
    void anUnknownExtensionOrAMissingFileIsAClearError() throws Exception {
        Path csv = write("x.csv", "a,b\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CorpusReader.read(csv));
        assertTrue(e.getMessage().contains(".jsonl"), e.getMessage());
        InvalidInputException missing =
                assertThrows(InvalidInputException.class, () -> CorpusReader.read(dir.resolve("nope.txt")));
        assertTrue(missing.getMessage().contains("nope.txt"), missing.getMessage());
    }

    @Test
    void theBundledDemoCorpusReadsWithoutErrors() {
        Path demo = Path.of("..", "demo", "corpus.tsv");
        List<CorpusEntry> e = CorpusReader.read(demo);
        assertTrue(e.stream().allMatch(x -> x instanceof CorpusEntry.Sentence), e.toString());
        long pairs = e.stream()
                .filter(x -> ((CorpusEntry.Sentence) x).input().isPair())
                .count();
        assertTrue(e.size() - pairs >= 40, "40+ single sentences");
        assertTrue(pairs >= 20, "20+ pairs");
    }

    private static SentenceInput sentence(CorpusEntry e) {
        return assertInstanceOf(CorpusEntry.Sentence.class, e).input();
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }
}
