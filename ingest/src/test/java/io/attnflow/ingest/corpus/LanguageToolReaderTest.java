package io.attnflow.ingest.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.model.CharSpan;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.ingest.corpus.LanguageToolReader.Example;
import io.attnflow.ingest.corpus.LanguageToolReader.Kind;
import io.attnflow.ingest.tf.EasyBertModel;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** LanguageTool's rule examples become labelled sentences with error spans, on a hand-made file and the real jar. */
class LanguageToolReaderTest {
    private static final String XML =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE rules [ <!ENTITY apos_like "'"> ]>
            <rules lang="en">
              <category id="C" name="c">
                <rule id="R1" name="r1">
                  <pattern><token>are</token></pattern>
                  <message>Use <suggestion>is</suggestion></message>
                  <example correction="is">He <marker>are</marker>
                      happy.</example>
                  <example>He is happy.</example>
                  <example type="correct">They  are happy.</example>
                  <example type="triggers_error">Are you happy?</example>
                  <example type="incorrect">I <marker>goes <b>home</b></marker> now.</example>
                  <example correction="it&apos_like;s"><marker>its</marker> raining &amp; cold.</example>
                  <example correction="">No marker here.</example>
                </rule>
              </category>
            </rules>
            """;

    private static List<Example> parse(String xml) {
        return LanguageToolReader.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "t.xml");
    }

    @Test
    void labelsSpansAndNestedTags() {
        List<Example> e = parse(XML);
        assertEquals(7, e.size());
        assertEquals(
                new Example("He are happy.", Kind.UNACCEPTABLE, 3, 6, e.get(0).source()), e.get(0));
        assertEquals("are", e.get(0).text().substring(3, 6));
        assertEquals(Kind.ACCEPTABLE, e.get(1).kind());
        assertFalse(e.get(1).hasSpan());
        assertEquals("They are happy.", e.get(2).text()); // whitespace runs collapse
        assertEquals(Kind.ACCEPTABLE, e.get(2).kind());
        assertEquals(Kind.TRIGGERS_ERROR, e.get(3).kind());
        assertEquals("I goes home now.", e.get(4).text()); // text inside a tag nested in the marker counts
        assertEquals(Kind.UNACCEPTABLE, e.get(4).kind());
        assertEquals(
                "goes home",
                e.get(4).text().substring(e.get(4).spanStart(), e.get(4).spanEnd()));
        assertEquals("its raining & cold.", e.get(5).text());
        assertEquals(0, e.get(5).spanStart());
        assertEquals(3, e.get(5).spanEnd());
        assertEquals(Kind.UNACCEPTABLE, e.get(6).kind()); // an empty correction still says "incorrect"
        assertFalse(e.get(6).hasSpan());
        assertTrue(e.get(0).source().startsWith("t.xml:"));
    }

    @Test
    void theCorpusDropsTriggersErrorDuplicatesAndConflictsAndBalancesByLength() {
        String more = XML.replace(
                "</rule>",
                """
                  <example>He is happy.</example>
                  <example correction="x">They  <marker>are</marker> happy.</example>
                  <example>A much longer correct sentence without any error at all.</example>
                </rule>""");
        LanguageToolCorpus.Built b = LanguageToolCorpus.build(parse(more), LanguageToolReaderTest::words, 0, 1);
        LanguageToolCorpus.Counts c = b.counts();
        assertEquals(10, c.read());
        assertEquals(1, c.triggersError());
        assertEquals(2, c.duplicates()); // "He is happy." twice; "They are happy." with both labels
        assertEquals(1, c.conflicting());
        // left: acceptable "He is happy." (3 words), the long one (10); unacceptable 3, 4, 4, 3 words
        assertEquals(2, c.acceptable());
        assertEquals(4, c.unacceptable());
        assertEquals(1, c.balancedPairs()); // only length 3 has both classes
        List<LanguageToolCorpus.Row> all = new java.util.ArrayList<>(b.train());
        all.addAll(b.dev());
        all.addAll(b.test());
        assertEquals(2, all.size());
        assertEquals(all.get(0).length(), all.get(1).length());
        assertEquals(
                Set.of("acceptable", "unacceptable"),
                all.stream().map(LanguageToolCorpus.Row::label).collect(Collectors.toSet()));
    }

    @Test
    void externalEntitiesAreNotRead() {
        String evil =
                """
                <?xml version="1.0"?>
                <!DOCTYPE rules [ <!ENTITY x SYSTEM "file:///etc/hostname"> ]>
                <rules><example>&x;</example></rules>
                """;
        String secret;
        try {
            secret = java.nio.file.Files.readString(Path.of("/etc/hostname")).strip();
        } catch (java.io.IOException e) {
            secret = "\u0000";
        }
        List<Example> e = parse(evil);
        assertEquals(1, e.size());
        assertFalse(!secret.isEmpty() && e.get(0).text().contains(secret), "the external entity was read");
    }

    @Test
    void brokenXmlIsOneClearLine() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> parse("<rules><example>"));
        assertTrue(e.getMessage().startsWith("t.xml is not readable XML"), e.getMessage());
    }

    private static int words(String s) {
        return s.split(" ").length;
    }

    @Test
    void theRealJar() {
        Path jar = LanguageToolReader.localJar(EasyBertModel.localRepository())
                .orElseThrow(() -> new AssertionError("the test dependency " + LanguageToolReader.COORDINATES
                        + " is not in the local Maven repository"));
        List<Example> all = LanguageToolReader.readJar(jar);
        Map<Kind, Long> kinds = all.stream().collect(Collectors.groupingBy(Example::kind, Collectors.counting()));
        assertTrue(all.size() > 24_000, "examples: " + all.size());
        assertTrue(kinds.get(Kind.UNACCEPTABLE) > 9_000, kinds.toString());
        assertTrue(kinds.get(Kind.TRIGGERS_ERROR) > 100, kinds.toString());
        for (Example e : all) {
            assertFalse(e.text().isEmpty() && e.kind() != Kind.TRIGGERS_ERROR, e.source() + " is empty");
            if (e.hasSpan()) {
                assertTrue(
                        0 <= e.spanStart()
                                && e.spanStart() < e.spanEnd()
                                && e.spanEnd() <= e.text().length(),
                        e.source() + ": span " + e.spanStart() + "-" + e.spanEnd() + " outside '" + e.text() + "'");
            }
        }
        LanguageToolCorpus.Built b = LanguageToolCorpus.build(all, LanguageToolReaderTest::words, 0, 42);
        List<LanguageToolCorpus.Row> rows = new java.util.ArrayList<>(b.train());
        rows.addAll(b.dev());
        rows.addAll(b.test());
        Set<String> texts = new HashSet<>();
        for (LanguageToolCorpus.Row r : rows) {
            assertTrue(texts.add(r.text()), "duplicate: " + r.text());
            if (r.label().equals(LanguageToolCorpus.UNACCEPTABLE)) {
                assertTrue(r.spanEnd() <= r.text().length(), r.text());
                // what the corpus writes, ingest and finetune must read back (an empty span once stopped the demo)
                String span = r.tsv().split("\t", -1)[3];
                if (!span.isEmpty())
                    assertEquals(new CharSpan(r.spanStart(), r.spanEnd()), CharSpan.parse(span), r.text());
            } else {
                assertEquals(-1, r.spanStart());
            }
        }
        for (List<LanguageToolCorpus.Row> split : List.of(b.train(), b.dev(), b.test())) {
            long unacceptable = split.stream()
                    .filter(r -> r.label().equals(LanguageToolCorpus.UNACCEPTABLE))
                    .count();
            assertEquals(split.size(), 2 * unacceptable, "balanced");
        }
        assertTrue(b.counts().balancedPairs() > 7_000, "pairs: " + b.counts().balancedPairs());
        assertEquals(0.5, b.lengthAfter().accuracy(), 1e-9, "length alone is at chance after balancing");
        assertTrue(b.lengthBefore().accuracy() > 0.55, "and was not before: " + b.lengthBefore());
        assertEquals(0.5, b.majority().accuracy(), 1e-9);
        System.out.println("LanguageTool: " + all.size() + " examples " + kinds + ", " + b.counts());
    }
}
