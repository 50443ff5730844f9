package io.attnflow.graph.query;

import io.attnflow.core.query.UnknownModelException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionConfig;

/**
 * Runs the catalogue's files in read transactions with a timeout; driver errors become the project's exceptions
 * ({@link GraphErrors}), a timeout a {@link io.attnflow.core.query.QueryLimitException} that names it.
 */
final class QueryRunner {
    /** The time budget of one query; corpus scans are the ones that can reach it. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final GraphConnection connection;
    private final QueryCatalogue catalogue;
    private final Duration timeout;

    QueryRunner(GraphConnection connection, QueryCatalogue catalogue, Duration timeout) {
        this.connection = connection;
        this.catalogue = catalogue;
        this.timeout = timeout;
    }

    QueryCatalogue catalogue() {
        return catalogue;
    }

    Duration timeout() {
        return timeout;
    }

    /** Runs {@code cypher/queries/<name>.cypher}. */
    List<Record> read(String name, Map<String, Object> params) {
        return readText(name, catalogue.text(name), params);
    }

    /** Runs a read query; {@code what} names it in error messages. */
    List<Record> readText(String what, String cypher, Map<String, Object> params) {
        TransactionConfig config =
                TransactionConfig.builder().withTimeout(timeout).build();
        return GraphErrors.guard("the query " + what, timeout, () -> {
            try (Session session = connection.session()) {
                return session.executeRead(tx -> tx.run(cypher, params).list(), config);
            }
        });
    }

    /** A model's floor and shape, as its Model node stores them. */
    record ModelShape(double floor, int layers, int heads) {}

    /** @throws UnknownModelException when the model is not in the graph */
    ModelShape modelShape(String model) {
        List<Record> rows = readText(
                "model_shape",
                "MATCH (m:Model {id: $model}) RETURN m.floor AS floor, m.layers AS layers, m.heads AS heads",
                Map.of("model", model));
        if (rows.isEmpty()) throw new UnknownModelException(model);
        Record r = rows.get(0);
        return new ModelShape(
                r.get("floor").asDouble(),
                r.get("layers").asInt(),
                r.get("heads").asInt());
    }

    /** The number of sentences stored for a model, of one corpus or (null) all. */
    int sentenceCount(String model, String corpus) {
        return readText(
                        "sentence_count",
                        "MATCH (:Run {model: $model})-[:OF]->(s:Sentence) WHERE $corpus IS NULL OR s.corpus = $corpus"
                                + " RETURN count(*) AS c",
                        params("model", model, "corpus", corpus))
                .get(0)
                .get("c")
                .asInt();
    }

    /** Query parameters from name, value pairs; values may be null (Map.of refuses them). */
    static Map<String, Object> params(Object... nameValue) {
        Map<String, Object> p = new HashMap<>();
        for (int k = 0; k < nameValue.length; k += 2) p.put((String) nameValue[k], nameValue[k + 1]);
        return p;
    }
}
