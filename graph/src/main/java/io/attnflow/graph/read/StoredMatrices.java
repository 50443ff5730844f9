package io.attnflow.graph.read;

import io.attnflow.core.trace.StoredAttention;
import io.attnflow.graph.GraphFailureException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/**
 * Reads one model's stored matrices of one sentence into a {@link StoredAttention}: the ATTENDS relationships of
 * attention layers {@code fromLayer..toLayer}, optionally only those with {@code max > τ·scale} (the others cannot
 * carry a trace edge at τ). Two paths give the same matrices (tested equal): the rows of {@code
 * stored_attention.cypher} over Bolt, and, when this JVM holds the store, Neo4j's Java API, which skips the Cypher
 * runtime and the Bolt encoding of every relationship (docs/DESIGN.md, "Traces").
 */
public final class StoredMatrices {
    private static final Label TOKEN = Label.label("Token");
    private static final RelationshipType ATTENDS = RelationshipType.withName("ATTENDS");

    /**
     * What to read.
     *
     * @param tau       null for every stored relationship; else only those with {@code max > tau·scale}
     * @param fromLayer the lowest attention layer read (1..layers)
     * @param toLayer   the highest attention layer read
     */
    public record Request(
            String model,
            String sid,
            int layers,
            int heads,
            int n,
            double floor,
            int scale,
            Double tau,
            int fromLayer,
            int toLayer) {}

    private StoredMatrices() {}

    /** The Cypher path's parameters for stored_attention.cypher. */
    public static Map<String, Object> params(Request r) {
        Map<String, Object> p = new HashMap<>();
        p.put("model", r.model());
        p.put("sid", r.sid());
        p.put("tau", r.tau());
        p.put("fromLayer", r.fromLayer());
        p.put("toLayer", r.toLayer());
        return p;
    }

    /** Decodes the one row of stored_attention.cypher. */
    public static StoredAttention ofRow(Request req, Record r) {
        int n = req.n(), heads = req.heads();
        int[] q = new int[req.layers() * heads * n * n];
        List<Integer> layer = r.get("layer").asList(Value::asInt);
        List<Integer> is = r.get("i").asList(Value::asInt);
        List<Integer> js = r.get("j").asList(Value::asInt);
        List<Value> qs = r.get("q").asList(Function.identity());
        for (int k = 0; k < layer.size(); k++) {
            Value v = qs.get(k);
            int at = index(req, layer.get(k), is.get(k), js.get(k));
            for (int h = 0; h < heads; h++) q[at + h * n * n] = v.get(h).asInt();
        }
        return StoredAttention.ofStored(req.layers(), heads, n, req.floor(), req.scale(), q);
    }

    /**
     * The Java API path, in one read transaction of the database this JVM holds: every token of the read layers by
     * its unique key (model, sid, layer, pos), then its incoming ATTENDS.
     *
     * @throws GraphFailureException when Neo4j fails the read
     */
    public static StoredAttention local(GraphDatabaseService db, Request req, Duration timeout) {
        int n = req.n(), heads = req.heads();
        int[] q = new int[req.layers() * heads * n * n];
        double tq = req.tau() == null ? -1 : req.tau() * req.scale();
        try (Transaction tx = db.beginTx(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            Map<Node, Integer> below = tokens(tx, req, req.fromLayer() - 1);
            for (int l = req.fromLayer(); l <= req.toLayer(); l++) {
                Map<Node, Integer> here = tokens(tx, req, l);
                for (Map.Entry<Node, Integer> t : here.entrySet()) {
                    for (Relationship r : t.getKey().getRelationships(Direction.INCOMING, ATTENDS)) {
                        if (req.tau() != null && ((Number) r.getProperty("max")).doubleValue() <= tq) continue;
                        Integer j = below.get(r.getStartNode());
                        if (j == null) continue; // not a token of this sentence's layer below: never written so
                        long[] v = (long[]) r.getProperty("q");
                        int at = index(req, l, t.getValue(), j);
                        for (int h = 0; h < heads; h++) q[at + h * n * n] = (int) v[h];
                    }
                }
                below = here;
            }
            tx.commit();
        } catch (RuntimeException e) {
            throw failure(req.model(), req.sid(), e);
        }
        return StoredAttention.ofStored(req.layers(), heads, n, req.floor(), req.scale(), q);
    }

    /** Neo4j's failure of a read as the project's exception; any other exception as it is. */
    static RuntimeException failure(String model, String sid, RuntimeException e) {
        if (!e.getClass().getName().startsWith("org.neo4j.")) return e;
        return new GraphFailureException(
                "reading the stored attention of " + model + " on " + sid + " failed: " + e.getMessage(), null, e);
    }

    private static Map<Node, Integer> tokens(Transaction tx, Request req, int layer) {
        Map<Node, Integer> byNode = new HashMap<>(2 * req.n());
        for (int p = 0; p < req.n(); p++) {
            Map<String, Object> key =
                    Map.of("model", req.model(), "sid", req.sid(), "layer", (long) layer, "pos", (long) p);
            try (ResourceIterator<Node> it = tx.findNodes(TOKEN, key)) {
                if (it.hasNext()) byNode.put(it.next(), p);
            }
        }
        return byNode;
    }

    /** The flat index of (layer, head 0, i, j) in StoredAttention's layout; head h adds h·n². */
    private static int index(Request req, int layer, int i, int j) {
        int n = req.n();
        return (((layer - 1) * req.heads()) * n + i) * n + j;
    }
}
