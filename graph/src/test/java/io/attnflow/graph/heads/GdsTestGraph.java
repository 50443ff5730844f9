package io.attnflow.graph.heads;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphSettings;
import io.attnflow.graph.TestGraph;
import io.attnflow.graph.write.GraphWriter;
import java.util.List;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/** An in-process Neo4j (neo4j-harness, over Bolt) with the GDS procedures, as the embedded store registers them. */
final class GdsTestGraph implements AutoCloseable {
    static final double FLOOR = 0.01;
    final Neo4j neo4j;
    final GraphConnection connection;

    GdsTestGraph() {
        Neo4jBuilder b = Neo4jBuilders.newInProcessBuilder()
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("gds.*"));
        for (Class<?> c : GdsProcedures.classes()) b = b.withProcedure(c);
        for (Class<?> c : GdsProcedures.functions()) b = b.withFunction(c);
        neo4j = b.build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
    }

    /** Writes one sentence of a model whose attention is {@code data} ([layer][head][i][j] flat). */
    ForwardResult write(ModelInfo model, String text, int n, float[] data) {
        ForwardResult f = TestGraph.forward(model, new SentenceInput(text, null, "heads", null), n, 1);
        ForwardResult g = new ForwardResult(
                f.model(),
                f.input(),
                f.tokens(),
                new AttentionTensor(model.layers(), model.heads(), n, data),
                f.hidden(),
                f.logits(),
                f.predictions(),
                false);
        GraphWriter w = new GraphWriter(connection, FLOOR);
        w.ensureModel(model);
        w.write(SentenceMetrics.of(g));
        return g;
    }

    @Override
    public void close() {
        connection.close();
        neo4j.close();
    }
}
