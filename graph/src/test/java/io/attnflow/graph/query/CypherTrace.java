package io.attnflow.graph.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.attnflow.core.trace.TraceResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the one row of trace.cypher run by name (nodes, edges and their numbers) and holds it against a trace. */
final class CypherTrace {
    private CypherTrace() {}

    /** The nodes, edges, node values, influence and head importance of trace.cypher equal those of {@code expected}. */
    static void assertEqualsTrace(TraceResult expected, QueryRows rows) {
        assertEquals(1, rows.rows().size(), "trace.cypher returns one row");
        Map<String, Object> r = rows.rows().get(0);
        List<Number> layer = list(r, "nodeLayer"), pos = list(r, "nodePos"), value = list(r, "nodeValue");
        List<Object> token = list(r, "nodeToken");
        List<String> nodes = new ArrayList<>();
        for (int k = 0; k < layer.size(); k++) nodes.add(layer.get(k) + "@" + pos.get(k) + ":" + token.get(k));
        assertEquals(TraceQueriesMatchReferenceTest.keys(expected.nodes()), nodes, "trace.cypher nodes");
        for (int k = 0; k < value.size(); k++) {
            assertEquals(expected.nodes().get(k).value(), value.get(k).doubleValue(), 1e-6, "value of " + nodes.get(k));
        }
        List<Number> toLayer = list(r, "toLayer"), toPos = list(r, "toPos"), fromPos = list(r, "fromPos");
        List<List<Number>> head = list(r, "head"), w = list(r, "w");
        List<String> edges = new ArrayList<>();
        List<TraceResult.Edge> sorted = new ArrayList<>();
        for (int k = 0; k < toLayer.size(); k++) {
            for (int x = 0; x < head.get(k).size(); x++) {
                int tl = toLayer.get(k).intValue();
                sorted.add(new TraceResult.Edge(
                        tl - 1,
                        fromPos.get(k).intValue(),
                        tl,
                        toPos.get(k).intValue(),
                        head.get(k).get(x).intValue(),
                        w.get(k).get(x).doubleValue()));
            }
        }
        sorted.sort(java.util.Comparator.comparing(
                e -> TraceQueriesMatchReferenceTest.edgeKeys(List.of(e)).get(0)));
        List<TraceResult.Edge> want = new ArrayList<>(expected.edges());
        want.sort(java.util.Comparator.comparing(
                e -> TraceQueriesMatchReferenceTest.edgeKeys(List.of(e)).get(0)));
        assertEquals(TraceQueriesMatchReferenceTest.edgeKeys(want), TraceQueriesMatchReferenceTest.edgeKeys(sorted));
        for (int k = 0; k < want.size(); k++)
            assertEquals(want.get(k).w(), sorted.get(k).w(), 1e-9, "w");
        List<Number> influence = list(r, "influence");
        double[] got = influence.stream().mapToDouble(Number::doubleValue).toArray();
        assertArrayEquals(expected.influence(), got, 1e-6, "trace.cypher influence");
        double[][] importance = new double[expected.headImportance().length][];
        for (int l = 0; l < importance.length; l++) importance[l] = new double[expected.headImportance()[l].length];
        List<Map<String, Object>> heads = list(r, "headImportance");
        double last = Double.POSITIVE_INFINITY;
        for (Map<String, Object> h : heads) {
            double v = ((Number) h.get("importance")).doubleValue();
            assertEquals(true, v <= last, "headImportance is sorted, most important first");
            last = v;
            importance[((Number) h.get("layer")).intValue() - 1][((Number) h.get("head")).intValue()] = v;
        }
        for (int l = 0; l < importance.length; l++) {
            assertArrayEquals(expected.headImportance()[l], importance[l], 1e-6, "head importance layer " + (l + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> row, String column) {
        return (List<T>) row.get(column);
    }
}
