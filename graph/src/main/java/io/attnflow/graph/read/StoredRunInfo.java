package io.attnflow.graph.read;

import io.attnflow.core.model.StoredWeights;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/**
 * What run_info.cypher returns, read through Neo4j's Java API when this JVM holds the store: the Model node by id, the
 * Run by (model, sid), the Sentence by id and the layer-0 tokens by their unique key. It skips the Cypher runtime and
 * the Bolt round trip, which cost a short trace more than its edges (docs/DESIGN.md, "Traces"); tested equal to the
 * Cypher file.
 *
 * @param floor         {@code Model.floor}
 * @param scale         {@code Model.scale}, {@link StoredWeights#LEGACY_SCALE} when absent
 * @param n             {@code Run.n}, null when the sentence was not ingested for the model
 * @param layers        {@code Run.layers}
 * @param heads         {@code Run.heads}
 * @param tokens        the layer-0 tokens' texts, by position
 * @param rollout       their {@code rollout} values, skipping the absent ones (as Cypher's collect)
 * @param attentionFlow their {@code attentionFlow} values, skipping the absent ones
 * @param classifier    true when the model has labels
 */
public record StoredRunInfo(
        double floor,
        int scale,
        Integer n,
        int layers,
        int heads,
        List<String> tokens,
        List<Double> rollout,
        List<Double> attentionFlow,
        String text,
        String textB,
        boolean classifier) {
    private static final Label MODEL = Label.label("Model");
    private static final Label RUN = Label.label("Run");
    private static final Label SENTENCE = Label.label("Sentence");
    private static final Label TOKEN = Label.label("Token");

    /**
     * Reads one model's run of one sentence in one read transaction; empty when the model is not in the graph.
     *
     * @throws io.attnflow.graph.GraphFailureException when Neo4j fails the read
     */
    public static Optional<StoredRunInfo> read(GraphDatabaseService db, String model, String sid, Duration timeout) {
        try (Transaction tx = db.beginTx(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            Optional<StoredRunInfo> info = read(tx, model, sid);
            tx.commit();
            return info;
        } catch (RuntimeException e) {
            throw StoredMatrices.failure(model, sid, e);
        }
    }

    private static Optional<StoredRunInfo> read(Transaction tx, String model, String sid) {
        Node m = tx.findNode(MODEL, "id", model);
        if (m == null) return Optional.empty();
        Node run = one(tx, RUN, Map.of("model", model, "sid", sid));
        Node s = tx.findNode(SENTENCE, "id", sid);
        int n = run == null ? 0 : number(run, "n");
        List<String> tokens = new ArrayList<>(n);
        List<Double> rollout = new ArrayList<>(n), flow = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            Node t = one(tx, TOKEN, Map.of("model", model, "sid", sid, "layer", 0L, "pos", (long) p));
            if (t == null) continue;
            tokens.add((String) t.getProperty("text"));
            Object r = t.getProperty("rollout", null), f = t.getProperty("attentionFlow", null);
            if (r != null) rollout.add(((Number) r).doubleValue());
            if (f != null) flow.add(((Number) f).doubleValue());
        }
        Object scale = m.getProperty("scale", null);
        return Optional.of(new StoredRunInfo(
                ((Number) m.getProperty("floor")).doubleValue(),
                scale == null ? StoredWeights.LEGACY_SCALE : ((Number) scale).intValue(),
                run == null ? null : n,
                run == null ? 0 : number(run, "layers"),
                run == null ? 0 : number(run, "heads"),
                tokens,
                rollout,
                flow,
                s == null ? null : (String) s.getProperty("text", null),
                s == null ? null : (String) s.getProperty("textB", null),
                m.hasProperty("labels")));
    }

    private static Node one(Transaction tx, Label label, Map<String, Object> key) {
        try (ResourceIterator<Node> it = tx.findNodes(label, key)) {
            return it.hasNext() ? it.next() : null;
        }
    }

    private static int number(Node node, String key) {
        return ((Number) node.getProperty(key)).intValue();
    }
}
