package io.attnflow.graph.write;

import io.attnflow.core.query.InvalidInputException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Session;

/**
 * What a model node says beyond its shape (docs/DATA_MODEL.md): the classifier's label names ({@code Model.labels},
 * the order of every {@code Run.probabilities}) and, for a fine-tune's saved state, the link {@code
 * (:Model)-[:FINE_TUNED_FROM {step}]->(:Model)} to its base.
 */
public final class ModelLinks {
    private final GraphConnection connection;

    public ModelLinks(GraphConnection connection) {
        this.connection = connection;
    }

    /** Records the label names of a model's classifier head; they cannot change under the same model id. */
    public void labels(String model, List<String> labels) {
        List<Object> stored = GraphErrors.guard("writing the labels of " + model, () -> {
            try (Session s = connection.session()) {
                return s.executeWrite(tx -> tx.run(
                                """
                                MATCH (m:Model {id: $id})
                                SET m.labels = coalesce(m.labels, $labels)
                                RETURN m.labels AS labels""",
                                Map.of("id", model, "labels", labels))
                        .single()
                        .get("labels")
                        .asList());
            }
        });
        if (!stored.equals(labels)) {
            throw new InvalidInputException("model " + model + " is stored with the labels " + stored + ", not "
                    + labels + ": give this classifier another id");
        }
    }

    /** Links a fine-tune's state to its base model after {@code step} training steps (both must be stored). */
    public void fineTunedFrom(String model, String base, int step) {
        GraphErrors.run("linking " + model + " to its base " + base, () -> {
            try (Session s = connection.session()) {
                s.executeWrite(tx -> tx.run(
                                """
                                MATCH (m:Model {id: $id}), (b:Model {id: $base})
                                MERGE (m)-[f:FINE_TUNED_FROM]->(b)
                                SET f.step = $step""",
                                Map.of("id", model, "base", base, "step", step))
                        .consume());
            }
        });
    }
}
