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
import org.neo4j.graphdb.Transaction;

/**
 * Reads one model's stored matrices of one sentence into a {@link StoredAttention}: the ATTENDS relationships of
 * attention layers {@code fromLayer..toLayer}, optionally only those with {@code max > τ·scale} (the others cannot
 * carry a trace edge at τ). Two paths give the same matrices (tested equal): the rows of {@code
 * stored_attention.cypher} over Bolt, and, when this JVM holds the store, Neo4j's Java API, which skips the Cypher
 * runtime and the Bolt encoding of every relationship (docs/DESIGN.md, "Traces").
 */
public final class StoredMatrices {

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
     * The Java API path, in one read transaction of the database this JVM holds, through the kernel's cursors ({@link
     * AttendsCursors}), layer by layer upwards: the tokens of layer {@code fromLayer - 1} by their unique key, then
     * each token's outgoing ATTENDS, whose far ends are the tokens of the next layer (a position no relationship
     * reaches is looked up by its key), reading of each relationship only {@code q} (and {@code max} first when cut
     * at τ).
     *
     * @throws GraphFailureException when Neo4j fails the read
     */
    public static StoredAttention local(GraphDatabaseService db, Request req, Duration timeout) {
        int n = req.n(), heads = req.heads(), nn = n * n;
        int[] q = new int[req.layers() * heads * nn];
        double tq = req.tau() == null ? -1 : req.tau() * req.scale();
        try (Transaction tx = db.beginTx(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            try (AttendsCursors c = new AttendsCursors(tx, heads)) {
                LayerTokens below = LayerTokens.seek(c, req.model(), req.sid(), req.fromLayer() - 1, n);
                for (int l = req.fromLayer(); l <= req.toLayer(); l++) {
                    LayerTokens here = new LayerTokens(n);
                    for (int j = 0; j < n; j++) {
                        if (below.id(j) < 0) continue;
                        c.attends(below.id(j), Direction.OUTGOING);
                        while (c.next()) {
                            int i = position(c, here, c.other(), l);
                            if (i < 0 || (tq >= 0 && !c.maxAbove(tq))) continue;
                            int[] v = c.q();
                            if (v == null) continue;
                            int at = index(req, l, i, j);
                            for (int h = 0; h < heads; h++) q[at + h * nn] = v[h];
                        }
                    }
                    // a token that attends to nothing above the floor has no incoming ATTENDS, but may be attended
                    here.seekMissing(c, req.model(), req.sid(), l);
                    below = here;
                }
            }
            tx.commit();
        } catch (RuntimeException e) {
            throw failure(req.model(), req.sid(), e);
        }
        return StoredAttention.ofStored(req.layers(), heads, n, req.floor(), req.scale(), q);
    }

    /**
     * The position of a relationship's far end among layer {@code layer}'s tokens, read once per token; -1 when it is
     * not a token of that layer (never written so).
     */
    private static int position(AttendsCursors c, LayerTokens layer, long token, int l) {
        int p = layer.posOf(token);
        if (p >= 0) return p;
        p = c.pos(token);
        if (p < 0 || p >= layer.n() || c.layer(token) != l || layer.id(p) >= 0) return -1;
        layer.put(token, p);
        return p;
    }

    /** Neo4j's failure of a read as the project's exception; any other exception as it is. */
    static RuntimeException failure(String model, String sid, RuntimeException e) {
        if (!e.getClass().getName().startsWith("org.neo4j.")) return e;
        return new GraphFailureException(
                "reading the stored attention of " + model + " on " + sid + " failed: " + e.getMessage(), null, e);
    }

    /** The flat index of (layer, head 0, i, j) in StoredAttention's layout; head h adds h·n². */
    private static int index(Request req, int layer, int i, int j) {
        int n = req.n();
        return (((layer - 1) * req.heads()) * n + i) * n + j;
    }
}
