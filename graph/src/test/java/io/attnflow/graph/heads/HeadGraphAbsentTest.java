package io.attnflow.graph.heads;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.attnflow.graph.cypher.CypherQueryException;
import io.attnflow.graph.query.AttentionQueries;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A store with the GDS procedures but no head graph: there is nothing to project, and a GDS analyst query over the
 * head graph's projection says how to build one instead of passing on GDS's "graph not found".
 */
class HeadGraphAbsentTest {
    @Test
    void aGdsQueryWithoutAHeadGraphSaysHowToBuildOne() {
        try (GdsTestGraph graph = new GdsTestGraph()) {
            assertFalse(new HeadGraphService(graph.connection).ensureProjection(), "no Head nodes: nothing projected");
            CypherQueryException e =
                    assertThrows(CypherQueryException.class, () -> AttentionQueries.of(graph.connection)
                            .run("analyst_head_centrality", Map.of("model", "any", "limit", 10)));
            assertTrue(e.getMessage().contains("attnflow heads build"), e.getMessage());
            assertFalse(e.getMessage().contains("Exception"), "no class name for the user: " + e.getMessage());
        }
    }
}
