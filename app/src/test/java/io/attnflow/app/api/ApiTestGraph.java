package io.attnflow.app.api;

import io.attnflow.api.ApiServer;
import io.attnflow.api.ApiSettings;
import io.attnflow.api.ingest.SentenceIngestor.IngestedSentence;
import io.attnflow.app.ApiWiring;
import io.attnflow.app.CatalogIngestor;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.ingest.ModelCatalog;
import java.util.List;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * One in-process Neo4j (neo4j-harness, over Bolt) per test class, holding a few really ingested sentences: real
 * forward passes of the two bundled bge-small models, written by the real graph writer.
 */
final class ApiTestGraph implements AutoCloseable {
    static final String A = "bge-small-en";
    static final String B = "bge-small-en-v1.5";
    static final String CORPUS = "fixture";
    static final List<SentenceInput> SENTENCES = List.of(
            new SentenceInput("The cat sat on the mat.", null, CORPUS, null),
            new SentenceInput("The movie was not good at all.", null, CORPUS, "negation"),
            new SentenceInput("A man is playing a guitar.", "Someone plays music.", CORPUS, "entailment"));

    final Neo4j neo4j;
    final GraphConnection connection;
    final CatalogIngestor ingestor;
    final List<IngestedSentence> storedA;
    final List<IngestedSentence> storedB;

    ApiTestGraph() {
        // with the GDS procedures, as the embedded store registers them (the head graph's routes and queries)
        org.neo4j.harness.Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(org.neo4j.configuration.GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"))
                // and its prompt check of query time budgets
                .withConfig(
                        org.neo4j.configuration.GraphDatabaseSettings.transaction_monitor_check_interval,
                        io.attnflow.graph.EmbeddedNeo4j.TIMEOUT_CHECK_INTERVAL);
        for (Class<?> c : io.attnflow.graph.heads.GdsProcedures.classes()) builder = builder.withProcedure(c);
        for (Class<?> c : io.attnflow.graph.heads.GdsProcedures.functions()) builder = builder.withFunction(c);
        neo4j = builder.build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
        ingestor = new CatalogIngestor(ModelCatalog.standard(), connection, StoredWeights.DEFAULT_FLOOR);
        storedA = ingestor.ingest(A, SENTENCES);
        storedB = ingestor.ingest(B, SENTENCES);
    }

    /** A server over this graph (not started: JavalinTest starts it). */
    ApiServer server(ApiSettings settings) {
        return new ApiServer(settings.withPort(0), ApiWiring.services(connection, settings, ingestor));
    }

    ApiServer server() {
        return server(ApiSettings.defaults());
    }

    String sid(int i) {
        return storedA.get(i).sid();
    }

    /** A count straight from the database, past every layer under test. */
    long count(String cypher) {
        return neo4j.defaultDatabaseService().executeTransactionally(cypher, java.util.Map.of(), r -> ((Number)
                        r.next().values().iterator().next())
                .longValue());
    }

    @Override
    public void close() {
        ingestor.close();
        connection.close();
        neo4j.close();
    }
}
