package io.attnflow.graph;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.neo4j.driver.Session;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/** One in-process Neo4j (neo4j-harness, over Bolt) per test class, and small forward results to write into it. */
public final class TestGraph implements AutoCloseable {
    public final Neo4j neo4j;
    public final GraphConnection connection;

    public TestGraph() {
        neo4j = Neo4jBuilders.newInProcessBuilder().withDisabledServer().build();
        connection = GraphConnection.open(GraphSettings.external(neo4j.boltURI().toString(), null, null, null));
    }

    /** A single-row, single-column query's value as a long. */
    public long count(String cypher, Map<String, Object> params) {
        try (Session s = connection.session()) {
            return s.run(cypher, params).single().get(0).asLong();
        }
    }

    public long count(String cypher) {
        return count(cypher, Map.of());
    }

    /** Nodes that are not the attention graph: neo4j-migrations' chain and lock. */
    public static final String NOT_MIGRATIONS = "none(l IN labels(n) WHERE l STARTS WITH '__Neo4jMigration')";

    public void wipe() {
        try (Session s = connection.session()) {
            s.run("MATCH (n) WHERE " + NOT_MIGRATIONS + " CALL { WITH n DETACH DELETE n } IN TRANSACTIONS")
                    .consume();
        }
    }

    @Override
    public void close() {
        connection.close();
        neo4j.close();
    }

    public static ModelInfo model(String id, int layers, int heads) {
        return new ModelInfo(id, "test " + id, "bert", layers, heads, 8, 100, 64, "test", "sha-" + id);
    }

    /**
     * A forward result with random, peaked softmax attention (so that some weights fall below the floor) over
     * {@code [CLS] w1 … , [SEP]}.
     */
    public static ForwardResult forward(ModelInfo model, SentenceInput input, int n, long seed) {
        Random rnd = new Random(seed);
        int L = model.layers(), H = model.heads();
        float[] data = new float[L * H * n * n];
        for (int row = 0; row < L * H * n; row++) {
            double[] v = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) {
                v[j] = Math.exp(2.5 * rnd.nextGaussian());
                sum += v[j];
            }
            for (int j = 0; j < n; j++) data[row * n + j] = (float) (v[j] / sum);
        }
        List<TokenInfo> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = i == 0 ? "[CLS]" : i == n - 1 ? "[SEP]" : i == n - 2 ? "." : "w" + i;
            boolean special = i == 0 || i == n - 1;
            tokens.add(new TokenInfo(i, text, special, false, special ? -1 : i, special ? -1 : i + 1, 0));
        }
        return new ForwardResult(
                model, input, tokens, new AttentionTensor(L, H, n, data), new float[n][0], null, List.of(), false);
    }
}
