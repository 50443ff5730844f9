package io.attnflow.ingest.corpus;

import io.attnflow.core.query.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the {@code <example>} sentences of LanguageTool's English rule files ({@code grammar.xml}, {@code style.xml}
 * in {@value #COORDINATES}), with their labels:
 *
 * <ul>
 *   <li>a {@code correction} attribute or {@code type="incorrect"}: {@link Kind#UNACCEPTABLE}, and the text inside
 *       {@code <marker>} is the error span;
 *   <li>{@code type="triggers_error"}: {@link Kind#TRIGGERS_ERROR}, a correct sentence the rule flags anyway (a known
 *       false alarm);
 *   <li>anything else (a plain example or {@code type="correct"}): {@link Kind#ACCEPTABLE}.
 * </ul>
 *
 * Whitespace runs become one space and the text is trimmed; the span is in characters of that text (end
 * exclusive). Text inside any nested element counts. The XML's internal entities are expanded; external entities
 * and DTDs are never fetched.
 */
public final class LanguageToolReader {
    public static final String COORDINATES = "org.languagetool:language-en:6.5";
    public static final String FETCH_COMMAND = "mvn dependency:get -Dartifact=" + COORDINATES;
    /** The rule files read from the jar, in order. */
    public static final List<String> RULE_FILES =
            List.of("org/languagetool/rules/en/grammar.xml", "org/languagetool/rules/en/style.xml");

    private LanguageToolReader() {}

    /** How an example is labelled. */
    public enum Kind {
        ACCEPTABLE,
        UNACCEPTABLE,
        TRIGGERS_ERROR
    }

    /**
     * One example sentence.
     *
     * @param spanStart first character of the marked error, or -1 when there is no marker
     * @param spanEnd   end (exclusive) of the marked error, or -1
     * @param source    "file:line" of the example
     */
    public record Example(String text, Kind kind, int spanStart, int spanEnd, String source) {
        /** A marker that covers at least one character: an empty {@code <marker></marker>} (an insertion point) is none. */
        public boolean hasSpan() {
            return spanStart >= 0 && spanEnd > spanStart;
        }
    }

    /** The jar in the local Maven repository, if present. */
    public static Optional<Path> localJar(Path repository) {
        Path jar = repository.resolve("org/languagetool/language-en/6.5/language-en-6.5.jar");
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    /** Every example of {@link #RULE_FILES} in {@code jar}. */
    public static List<Example> readJar(Path jar) {
        List<Example> all = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String name : RULE_FILES) {
                ZipEntry e = zip.getEntry(name);
                if (e == null) {
                    throw new InvalidInputException(jar + " has no " + name + ": is it " + COORDINATES + "?");
                }
                try (InputStream in = zip.getInputStream(e)) {
                    all.addAll(read(in, name.substring(name.lastIndexOf('/') + 1)));
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + jar + ": " + e.getMessage());
        }
        return all;
    }

    /** Every example in one rule file; {@code name} is used in the sources. */
    public static List<Example> read(InputStream xml, String name) {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        f.setProperty(XMLInputFactory.SUPPORT_DTD, true); // the internal entities need it; nothing external is read
        f.setXMLResolver((publicId, systemId, base, ns) -> {
            throw new XMLStreamException("external entity " + systemId + " is not read");
        });
        List<Example> out = new ArrayList<>();
        try {
            XMLStreamReader r = f.createXMLStreamReader(xml, "UTF-8");
            while (r.hasNext()) {
                if (r.next() == XMLStreamConstants.START_ELEMENT
                        && r.getLocalName().equals("example")) {
                    out.add(example(r, name));
                }
            }
            r.close();
        } catch (XMLStreamException e) {
            throw new InvalidInputException(name + " is not readable XML: " + e.getMessage());
        }
        return out;
    }

    private static Example example(XMLStreamReader r, String name) throws XMLStreamException {
        String source = name + ":" + r.getLocation().getLineNumber();
        String type = r.getAttributeValue(null, "type");
        boolean correction = r.getAttributeValue(null, "correction") != null;
        Kind kind = "triggers_error".equals(type)
                ? Kind.TRIGGERS_ERROR
                : correction || "incorrect".equals(type) ? Kind.UNACCEPTABLE : Kind.ACCEPTABLE;
        Text text = new Text();
        int depth = 1, start = -1, end = -1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (r.getLocalName().equals("marker")) text.markStart();
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (depth > 0 && r.getLocalName().equals("marker")) {
                    start = text.markedStart();
                    end = text.length();
                }
            } else if (event == XMLStreamConstants.CHARACTERS
                    || event == XMLStreamConstants.CDATA
                    || event == XMLStreamConstants.SPACE) {
                text.append(r.getText());
            }
        }
        if (start >= 0 && end < start) end = start;
        return new Example(text.toString(), kind, start, end, source);
    }

    /** Text with whitespace runs collapsed and trimmed, tracking where a marker's first character lands. */
    private static final class Text {
        private final StringBuilder sb = new StringBuilder();
        private boolean pendingSpace, marking;
        private int markedStart = -1;

        void append(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    pendingSpace = sb.length() > 0;
                    continue;
                }
                if (pendingSpace) sb.append(' ');
                pendingSpace = false;
                if (marking) {
                    markedStart = sb.length();
                    marking = false;
                }
                sb.append(c);
            }
        }

        void markStart() {
            marking = true;
            markedStart = sb.length() + (pendingSpace ? 1 : 0);
        }

        /** Where the marker began (the next character after it opened, or its position when it held none). */
        int markedStart() {
            if (marking) {
                marking = false;
                markedStart = Math.min(markedStart, sb.length());
            }
            return markedStart;
        }

        int length() {
            return sb.length();
        }

        @Override
        public String toString() {
            return sb.toString();
        }
    }
}
