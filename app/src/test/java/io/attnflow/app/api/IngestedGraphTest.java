package io.attnflow.app.api;

import io.attnflow.graph.query.AttentionQueries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The real graph of an API test class: one {@link ApiTestGraph} (in-process Neo4j, sentences really ingested),
 * with its query service, built before the class's tests and closed after them. Test classes run one after another, so the field is the
 * running class's graph.
 */
abstract class IngestedGraphTest {
    static ApiTestGraph graph;
    static AttentionQueries queries;

    @BeforeAll
    static void ingest() {
        graph = new ApiTestGraph();
        queries = AttentionQueries.of(graph.connection);
    }

    @AfterAll
    static void closeGraph() {
        graph.close();
    }
}
