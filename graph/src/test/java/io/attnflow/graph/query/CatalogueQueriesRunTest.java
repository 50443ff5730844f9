package io.attnflow.graph.query;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.query.UnknownQueryException;
import io.attnflow.graph.write.GraphWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every file of cypher/queries runs unchanged with the parameters its header lists, and says what it needs: its
 * header names each $parameter it uses, an example and the plan.
 */
class CatalogueQueriesRunTest {

    @Test
    void everyQueryFileRunsWithTheParametersItsHeaderLists() {
        ModelInfo a = Fixtures.model("cat-a", 2, 3), b = Fixtures.model("cat-b", 2, 3);
        String sid = null;
        for (ModelInfo m : List.of(a, b)) {
            GraphWriter w = new GraphWriter(QueryGraph.connection(), 0.01);
            w.ensureModel(m);
            for (int s = 0; s < 4; s++) {
                SentenceInput in = new SentenceInput(
                        "catalogue " + s, s % 2 == 0 ? null : "second " + s, "cat", s < 2 ? "negation" : "other");
                w.write(SentenceMetrics.of(Fixtures.forward(
                        m, in, Fixtures.tokens(7, s % 2 == 0 ? 0 : 3), Fixtures.attention(s, 2, 3, 7, 0.5))));
                if (s == 1) sid = in.id();
            }
        }
        // the head graph (and its GDS projection) that the head-graph queries read
        new io.attnflow.graph.heads.HeadGraphService(QueryGraph.connection())
                .build(List.of(a.id(), b.id()), null, 5, null);
        Map<String, Object> values = new HashMap<>();
        values.put("model", a.id());
        values.put("modelA", a.id());
        values.put("modelB", b.id());
        values.put("sid", sid);
        values.put("tau", 0.05);
        values.put("fromLayer", null);
        values.put("toLayer", null);
        values.put("tokens", List.of());
        values.put("heads", List.of());
        values.put("alpha", 0.5);
        values.put("direction", "forward");
        values.put("quantities", true);
        values.put("corpus", null);
        values.put("limit", 10);
        values.put("layer", null);
        values.put("head", null);
        values.put("word", "w2");
        values.put("share", 0.1);
        values.put("label", "negation");
        values.put("minCount", 1);
        AttentionQueries queries = QueryGraph.queries();
        for (QueryCatalogue.Query q : queries.catalogue().all().values()) {
            String text = q.text();
            assertTrue(text.contains("// Parameters"), q.name() + " lists its parameters");
            assertTrue(text.contains("// Example"), q.name() + " shows an example");
            assertTrue(text.contains("Plan"), q.name() + " notes its plan");
            Map<String, Object> params = new HashMap<>();
            for (String p : q.parameters()) {
                assertTrue(values.containsKey(p), q.name() + ": no test value for $" + p);
                params.put(p, values.get(p));
            }
            for (String used : text.lines()
                    .filter(l -> !l.startsWith("//"))
                    .flatMap(l -> java.util.regex.Pattern.compile("\\$(\\w+)")
                            .matcher(l)
                            .results()
                            .map(m -> m.group(1)))
                    .toList()) {
                assertTrue(q.parameters().contains(used), q.name() + " uses $" + used + " without listing it");
            }
            QueryRows rows = queries.run(q.name(), params);
            assertFalse(q.name().startsWith("trace") && rows.rows().isEmpty(), q.name() + " returned nothing");
        }
        assertTrue(queries.analystQueries().size() >= 5, "at least five analyst queries");
    }

    @Test
    void anUnknownQueryNameListsTheKnownOnes() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                UnknownQueryException.class, () -> QueryGraph.queries().run("drop_everything", Map.of()));
        assertTrue(e.getMessage().contains("compare_edges"), e.getMessage());
    }
}
