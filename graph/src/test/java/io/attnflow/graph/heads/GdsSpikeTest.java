package io.attnflow.graph.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

class GdsSpikeTest {
    @Test
    void louvainRuns() {
        Neo4jBuilder b = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        for (Class<?> c : GdsProcedures.classes()) b = b.withProcedure(c);
        try (Neo4j neo4j = b.build()) {
            var db = neo4j.defaultDatabaseService();
            db.executeTransactionally("UNWIND range(0,5) AS i CREATE (:H {i:i})");
            db.executeTransactionally(
                    "MATCH (a:H),(b:H) WHERE a.i<b.i AND (a.i<3)=(b.i<3) CREATE (a)-[:S {w:1.0}]->(b)");
            db.executeTransactionally(
                    "CALL gds.graph.project('g','H',{S:{orientation:'UNDIRECTED',properties:'w'}}) YIELD nodeCount RETURN nodeCount",
                    Map.of(),
                    r -> r.next());
            long c = db.executeTransactionally(
                    "CALL gds.louvain.stream('g',{relationshipWeightProperty:'w', concurrency:1}) YIELD nodeId, communityId RETURN count(DISTINCT communityId) AS c",
                    Map.of(),
                    r -> (Long) r.next().get("c"));
            assertEquals(2, c);
        }
    }
}
