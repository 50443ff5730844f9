package io.attnflow.graph.query;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/** One in-process Neo4j (neo4j-harness, over Bolt, schema applied) shared by the query tests of this JVM. */
final class QueryGraph {
    private static Neo4j neo4j;
    private static GraphConnection connection;
    private static AttentionQueries queries;

    private QueryGraph() {}

    static synchronized GraphConnection connection() {
        if (connection == null) {
            // with the GDS procedures, as the embedded store registers them (the head-graph queries call them)
            org.neo4j.harness.Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder()
                    .withDisabledServer()
                    .withConfig(
                            org.neo4j.configuration.GraphDatabaseSettings.procedure_unrestricted,
                            java.util.List.of("gds.*"));
            for (Class<?> c : io.attnflow.graph.heads.GdsProcedures.classes()) builder = builder.withProcedure(c);
            for (Class<?> c : io.attnflow.graph.heads.GdsProcedures.functions()) builder = builder.withFunction(c);
            neo4j = builder.build();
            connection =
                    GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
            queries = AttentionQueries.of(connection);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                connection.close();
                neo4j.close();
            }));
        }
        return connection;
    }

    static AttentionQueries queries() {
        connection();
        return queries;
    }
}
