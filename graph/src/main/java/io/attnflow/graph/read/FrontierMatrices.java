package io.attnflow.graph.read;

import io.attnflow.core.trace.FrontierReads;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TracePlan;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.GraphFailureException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;

/**
 * A trace by core's {@link MatrixTrace} on the stored relationships it reaches, read through Neo4j's Java API as it
 * goes: at each layer only the ATTENDS of the frontier's tokens (incoming backward, outgoing forward) whose {@code max}
 * passes τ. Nothing else can carry a trace edge, so the trace is that of the full stored matrices (tested equal to
 * the reference and trace.cypher). The start tokens are found by their unique key; every later frontier token is the
 * far end of a relationship already read, so the read seeks the index only for the starts (docs/DESIGN.md, "Traces").
 */
public final class FrontierMatrices implements FrontierReads {
    private final AttendsCursors cursors;
    private final StoredMatrices.Request req;
    private final int[] q;
    private final double tq;
    /** The tokens of layer {@link #nodesLayer} the trace can reach, by position (-1: not reached, or not read). */
    private LayerTokens nodes;

    private int nodesLayer = -1;

    private FrontierMatrices(AttendsCursors cursors, StoredMatrices.Request req) {
        this.cursors = cursors;
        this.req = req;
        this.q = new int[req.layers() * req.heads() * req.n() * req.n()];
        this.tq = req.tau() * req.scale();
    }

    /**
     * The edges of a validated plan's trace, in one read transaction of the database this JVM holds, through the
     * kernel's cursors ({@link AttendsCursors}).
     *
     * @param req the sentence and τ (not null); its layer range is not used: the plan's layers are read
     * @throws GraphFailureException when Neo4j fails the read
     */
    public static List<TraceResult.Edge> edges(
            GraphDatabaseService db, StoredMatrices.Request req, TracePlan plan, Duration timeout) {
        try (Transaction tx = db.beginTx(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            List<TraceResult.Edge> edges;
            try (AttendsCursors cursors = new AttendsCursors(tx, req.heads())) {
                FrontierMatrices reads = new FrontierMatrices(cursors, req);
                StoredAttention a =
                        StoredAttention.ofStored(req.layers(), req.heads(), req.n(), req.floor(), req.scale(), reads.q);
                edges = MatrixTrace.edges(a, plan, reads);
            }
            tx.commit();
            return edges;
        } catch (RuntimeException e) {
            throw StoredMatrices.failure(req.model(), req.sid(), e);
        }
    }

    @Override
    public void read(int layer, boolean[] frontier, boolean backward) {
        int n = req.n(), heads = req.heads(), nn = n * n;
        int at = backward ? layer : layer - 1; // the layer of the frontier's tokens
        if (nodesLayer != at) nodes = lookUp(at, frontier);
        LayerTokens far = new LayerTokens(n);
        Direction d = backward ? Direction.INCOMING : Direction.OUTGOING;
        for (int f = 0; f < n; f++) {
            if (!frontier[f] || nodes.id(f) < 0) continue;
            cursors.attends(nodes.id(f), d);
            while (cursors.next()) {
                if (!cursors.maxAbove(tq)) continue;
                long o = cursors.other();
                int p = far.posOf(o);
                if (p < 0) far.put(o, p = cursors.pos(o));
                int[] v = cursors.q();
                int i = backward ? f : p, j = backward ? p : f;
                int base = (((layer - 1) * heads) * n + i) * n + j;
                for (int h = 0; h < heads; h++) q[base + h * nn] = v[h];
            }
        }
        nodes = far;
        nodesLayer = backward ? layer - 1 : layer;
    }

    /** The frontier's tokens of one layer by their unique key (model, sid, layer, pos). */
    private LayerTokens lookUp(int layer, boolean[] frontier) {
        LayerTokens byPos = new LayerTokens(req.n());
        for (int p = 0; p < req.n(); p++) {
            if (!frontier[p]) continue;
            long id = cursors.token(req.model(), req.sid(), layer, p);
            if (id >= 0) byPos.put(id, p);
        }
        return byPos;
    }
}
