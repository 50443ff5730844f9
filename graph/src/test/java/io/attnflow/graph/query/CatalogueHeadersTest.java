package io.attnflow.graph.query;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;
import org.neo4j.driver.summary.Plan;

/**
 * Cypher has no include, so the catalogue keeps one file per computation (trace.cypher for both directions and
 * every per-trace number, compare.cypher for one sentence and a corpus) and files that build on another name it in
 * their headers: every file so named exists, and the traces keep the pruning breadth-first plan their headers
 * promise.
 */
class CatalogueHeadersTest {
    private static final Pattern NAMED = Pattern.compile("(\\w+)\\.cypher");

    @Test
    void everyFileAHeaderNamesExists() {
        QueryCatalogue catalogue = QueryCatalogue.load();
        for (QueryCatalogue.Query q : catalogue.all().values()) {
            for (String line : q.text().lines().filter(l -> l.startsWith("//")).toList()) {
                Matcher m = NAMED.matcher(line);
                while (m.find()) {
                    assertTrue(catalogue.all().containsKey(m.group(1)), q.name() + " names a missing " + m.group());
                }
            }
        }
    }

    @Test
    void tracesSearchTheirFrontiersBreadthFirstWithPruning() {
        QueryCatalogue catalogue = QueryCatalogue.load();
        Map<String, Object> p = new HashMap<>();
        for (String k : List.of("model", "modelA", "modelB", "sid", "direction", "fromLayer", "toLayer", "corpus"))
            p.put(k, null);
        p.put("tau", 0.1);
        p.put("tokens", List.of());
        p.put("heads", List.of());
        p.put("alpha", 0.5);
        p.put("quantities", true);
        p.put("limit", 10);
        for (String name : List.of("trace", "compare", "head_importance_corpus")) {
            try (Session s = QueryGraph.connection().session()) {
                Plan plan =
                        s.run("EXPLAIN " + catalogue.text(name), p).consume().plan();
                List<String> ops = new ArrayList<>();
                collect(plan, ops);
                assertTrue(
                        ops.stream().anyMatch(o -> o.startsWith("VarLengthExpand(Pruning")),
                        name + " plans its trace as a pruning BFS: " + ops);
            }
        }
    }

    private static void collect(Plan plan, List<String> ops) {
        ops.add(plan.operatorType());
        for (Plan c : plan.children()) collect(c, ops);
    }
}
