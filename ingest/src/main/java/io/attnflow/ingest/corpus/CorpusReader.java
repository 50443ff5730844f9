package io.attnflow.ingest.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.core.model.CharSpan;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.query.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a corpus file into sentences and pairs, by extension:
 *
 * <ul>
 *   <li>{@code .txt}: one sentence per line;
 *   <li>{@code .tsv}: {@code text[\ttextB][\tlabel][\tspan]} (an empty textB means a single sentence; the span,
 *       {@code start-end} character offsets of an error in the text as the LanguageTool corpus writes it, is
 *       stored as {@code Token.marked} on the tokens it overlaps);
 *   <li>{@code .jsonl}: one object per line, {@code {"text": …, "textB": …, "label": …}} ({@code textB} and
 *       {@code label} optional).
 * </ul>
 *
 * <p>In all three, blank lines and lines starting with {@code #} are skipped. A line that cannot be read becomes a
 * {@link CorpusEntry.Malformed} with its line number; it is never dropped silently: the caller decides to skip it
 * (reporting it) or to stop. The corpus name stored on each sentence is the file name without its extension.
 */
public final class CorpusReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CorpusReader() {}

    /** The supported formats. */
    public enum Format {
        TXT,
        TSV,
        JSONL;

        /** The format of a file by its extension, with an error that lists the choices. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".txt")) return TXT;
            if (name.endsWith(".tsv")) return TSV;
            if (name.endsWith(".jsonl")) return JSONL;
            throw new InvalidInputException("cannot tell the format of " + file.getFileName()
                    + ": use a .txt (one sentence per line), .tsv (text[\\ttextB][\\tlabel]) or .jsonl"
                    + " ({\"text\", \"textB\", \"label\"}) file");
        }
    }

    /** Reads every entry of the file, in order. */
    public static List<CorpusEntry> read(Path file) {
        Format format = Format.of(file);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file, format, corpusName(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("corpus file not found: " + file);
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(file + " is not UTF-8 text: save it as UTF-8");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads every entry of an already opened corpus (e.g. a classpath resource), in order, by the same rules as a
     * file.
     *
     * @param in     the text, UTF-8 decoded
     * @param source the name the entries and messages carry (for a resource, its file name)
     * @param format how the lines are laid out
     * @param corpus the corpus name recorded on each sentence
     */
    public static List<CorpusEntry> read(BufferedReader in, Path source, Format format, String corpus)
            throws IOException {
        List<CorpusEntry> entries = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
            if (line.isBlank() || line.stripLeading().startsWith("#")) continue;
            entries.add(parse(source, number, line, format, corpus));
        }
        return entries;
    }

    /** The corpus name recorded on the sentences: the file name without its extension. */
    public static String corpusName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static CorpusEntry parse(Path file, int number, String line, Format format, String corpus) {
        return switch (format) {
            case TXT -> new CorpusEntry.Sentence(file, number, new SentenceInput(line.strip(), null, corpus, null));
            case TSV -> tsv(file, number, line, corpus);
            case JSONL -> jsonl(file, number, line, corpus);
        };
    }

    private static CorpusEntry tsv(Path file, int number, String line, String corpus) {
        String[] fields = line.split("\t", -1);
        if (fields.length > 4) {
            return new CorpusEntry.Malformed(
                    file,
                    number,
                    fields.length + " tab-separated fields; expected text[<TAB>textB][<TAB>label][<TAB>span]");
        }
        if (fields.length == 4 && !fields[3].isBlank() && !fields[3].strip().matches("\\d+-\\d+")) {
            return new CorpusEntry.Malformed(
                    file,
                    number,
                    "the span (fourth field) must be start-end character offsets, was '" + fields[3] + "'");
        }
        String text = fields[0].strip();
        if (text.isEmpty()) {
            return new CorpusEntry.Malformed(file, number, "the text (first field) is empty");
        }
        String textB = fields.length > 1 ? blankToNull(fields[1]) : null;
        String label = fields.length > 2 ? blankToNull(fields[2]) : null;
        CharSpan span;
        try {
            span = fields.length == 4 ? CharSpan.parse(fields[3]) : null;
        } catch (IllegalArgumentException e) {
            return new CorpusEntry.Malformed(file, number, "the span (fourth field) " + e.getMessage());
        }
        if (span != null && span.end() > text.length()) {
            return new CorpusEntry.Malformed(
                    file, number, "the span " + span + " ends after the text (" + text.length() + " characters)");
        }
        return new CorpusEntry.Sentence(file, number, new SentenceInput(text, textB, corpus, label), span);
    }

    private static CorpusEntry jsonl(Path file, int number, String line, String corpus) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return new CorpusEntry.Malformed(file, number, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return new CorpusEntry.Malformed(
                    file, number, "expected a JSON object {\"text\": …, \"textB\": …, \"label\": …}");
        }
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
            return new CorpusEntry.Malformed(file, number, "\"text\" is missing, empty or not a string");
        }
        JsonNode textB = node.get("textB");
        if (textB != null && !textB.isNull() && !textB.isTextual()) {
            return new CorpusEntry.Malformed(file, number, "\"textB\" must be a string");
        }
        JsonNode label = node.get("label");
        return new CorpusEntry.Sentence(
                file,
                number,
                new SentenceInput(
                        text.asText().strip(),
                        textB == null || textB.isNull() ? null : blankToNull(textB.asText()),
                        corpus,
                        label == null || label.isNull() ? null : blankToNull(label.asText())));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
