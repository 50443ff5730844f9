package io.attnflow.graph.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Cypher has no include, so a block that several catalogue files need stands in each of them, between
 * {@code // shared block NAME: the same lines stand in A.cypher, B.cypher (…)} and {@code // end of shared block
 * NAME}. Every copy must be identical and stand in exactly the files its opening line names.
 */
class CatalogueBlocksTest {
    private static final Pattern OPEN =
            Pattern.compile("^// shared block ([\\w-]+): the same lines stand in (.+?) \\(");

    record Copy(String file, List<String> named, String text) {}

    @Test
    void everySharedBlockIsTheSameInEveryFileItNames() {
        Map<String, List<Copy>> blocks = new TreeMap<>();
        for (QueryCatalogue.Query q : QueryCatalogue.load().all().values()) {
            List<String> lines = q.text().lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = OPEN.matcher(lines.get(i));
                if (!m.find()) continue;
                String name = m.group(1);
                int end = lines.indexOf("// end of shared block " + name);
                assertTrue(end > i, q.name() + ": shared block " + name + " is not closed");
                List<String> named = List.of(m.group(2).split(",\\s*"));
                blocks.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(new Copy(q.name() + ".cypher", named, String.join("\n", lines.subList(i, end))));
                i = end;
            }
        }
        assertTrue(blocks.size() >= 4, "the catalogue marks its shared blocks: " + blocks.keySet());
        blocks.forEach((name, copies) -> {
            assertTrue(copies.size() >= 2, name + " stands in one file only");
            List<String> files =
                    new ArrayList<>(copies.stream().map(Copy::file).sorted().toList());
            for (Copy c : copies) {
                assertEquals(
                        files, c.named().stream().sorted().toList(), c.file() + " names the other copies of " + name);
                assertEquals(copies.get(0).text(), c.text(), name + " differs in " + c.file());
            }
        });
    }
}
