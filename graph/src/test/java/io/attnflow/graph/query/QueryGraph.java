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
            neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
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
