package io.attnflow.app;

import io.attnflow.api.ApiServices;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.ingest.SentenceIngestor;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.read.GraphReader;

/** Builds the API's services from one graph connection: the graph module's readers and queries, plus ingest. */
public final class ApiWiring {
    private ApiWiring() {}

    public static ApiServices services(GraphConnection connection, ApiSettings settings, SentenceIngestor ingestor) {
        GraphReader reader = new GraphReader(connection);
        return new ApiServices(
                reader::models, // a cheap read that fails while the database cannot be reached
                reader,
                AttentionQueries.of(connection),
                new ReadOnlyCypher(connection, settings.cypherTimeout(), settings.cypherRowLimit()),
                ingestor,
                new io.attnflow.graph.heads.HeadGraphService(connection));
    }
}
