package io.attnflow.graph.read;

import java.util.Map;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;
import org.neo4j.internal.kernel.api.CursorFactory;
import org.neo4j.internal.kernel.api.NodeCursor;
import org.neo4j.internal.kernel.api.PropertyCursor;
import org.neo4j.internal.kernel.api.Read;
import org.neo4j.internal.kernel.api.RelationshipTraversalCursor;
import org.neo4j.internal.kernel.api.TokenRead;
import org.neo4j.kernel.api.KernelTransaction;
import org.neo4j.kernel.impl.coreapi.InternalTransaction;
import org.neo4j.storageengine.api.PropertySelection;
import org.neo4j.storageengine.api.RelationshipSelection;
import org.neo4j.values.storable.IntegralArray;
import org.neo4j.values.storable.NumberValue;

/**
 * One read transaction's kernel cursors over a run's tokens and their ATTENDS: what {@link StoredMatrices} and {@link
 * FrontierMatrices} read, without the Java API's per-call costs (a Relationship and a Node object per relationship, a
 * property-key look-up, a re-read of the relationship record and a copy of the array for every property read). The
 * records read and the values decoded are the same (the reads are tested equal to the Cypher path). One instance per
 * transaction and thread; close it before the transaction ends.
 */
final class AttendsCursors implements AutoCloseable {
    private static final Label TOKEN = Label.label("Token");

    private final Transaction tx;
    private final Read read;
    private final NodeCursor node;
    private final RelationshipTraversalCursor rels;
    private final PropertyCursor props;
    private final RelationshipSelection incoming, outgoing;
    private final PropertySelection qOnly, maxOnly, posOnly, layerOnly;
    private final int[] q;
    private boolean visiting;

    /** @param heads the length of the q buffer ({@link #q()}) */
    AttendsCursors(Transaction tx, int heads) {
        this.tx = tx;
        KernelTransaction ktx = ((InternalTransaction) tx).kernelTransaction();
        this.read = ktx.dataRead();
        TokenRead tokens = ktx.tokenRead();
        // a name the store has never seen is TokenRead.NO_TOKEN, which selects nothing
        int attends = tokens.relationshipType("ATTENDS");
        incoming = RelationshipSelection.selection(attends, Direction.INCOMING);
        outgoing = RelationshipSelection.selection(attends, Direction.OUTGOING);
        qOnly = PropertySelection.selection(tokens.propertyKey("q"));
        maxOnly = PropertySelection.selection(tokens.propertyKey("max"));
        posOnly = PropertySelection.selection(tokens.propertyKey("pos"));
        layerOnly = PropertySelection.selection(tokens.propertyKey("layer"));
        CursorFactory cursors = ktx.cursors();
        node = cursors.allocateNodeCursor(ktx.cursorContext(), ktx.memoryTracker());
        rels = cursors.allocateRelationshipTraversalCursor(ktx.cursorContext(), ktx.memoryTracker());
        props = cursors.allocatePropertyCursor(ktx.cursorContext(), ktx.memoryTracker());
        q = new int[heads];
    }

    /** The node id of a token by its unique key (model, sid, layer, pos), or -1 when there is none. */
    @SuppressWarnings("removal") // the kernel's cursors take the internal id; getElementId does not give it
    long token(String model, String sid, int layer, int pos) {
        Map<String, Object> key = Map.of("model", model, "sid", sid, "layer", (long) layer, "pos", (long) pos);
        try (ResourceIterator<Node> it = tx.findNodes(TOKEN, key)) {
            return it.hasNext() ? it.next().getId() : -1;
        }
    }

    /** A token's {@code pos}, -1 when the node or the property is missing. */
    int pos(long token) {
        return number(token, posOnly);
    }

    /** A token's {@code layer}, -1 when the node or the property is missing. */
    int layer(long token) {
        return number(token, layerOnly);
    }

    private int number(long id, PropertySelection key) {
        read.singleNode(id, node);
        if (!node.next()) return -1;
        node.properties(props, key);
        return props.next() ? (int) ((NumberValue) props.propertyValue()).longValue() : -1;
    }

    /**
     * Starts a visit of a token's ATTENDS in one direction (incoming: from the layer below); {@link #next()} moves to
     * each in turn. Node reads ({@link #pos}, {@link #layer}) between the calls do not disturb the visit.
     */
    void attends(long token, Direction direction) {
        read.singleNode(token, node);
        visiting = node.next();
        if (visiting) node.relationships(rels, direction == Direction.INCOMING ? incoming : outgoing);
    }

    /** Moves to the visit's next relationship; false at the end. */
    boolean next() {
        return visiting && (visiting = rels.next());
    }

    /** The far end of the current relationship. */
    long other() {
        return rels.otherNodeReference();
    }

    /** True when the current relationship's {@code max} is above {@code tq}. */
    boolean maxAbove(double tq) {
        rels.properties(props, maxOnly);
        return props.next() && ((NumberValue) props.propertyValue()).doubleValue() > tq;
    }

    /**
     * The current relationship's {@code q}, one int per head (0 past the stored array), in a buffer that the next call
     * overwrites; null when it has none.
     */
    int[] q() {
        rels.properties(props, qOnly);
        if (!props.next()) return null;
        IntegralArray a = (IntegralArray) props.propertyValue();
        int k = Math.min(q.length, a.intSize());
        for (int h = 0; h < k; h++) q[h] = (int) a.longValue(h);
        for (int h = k; h < q.length; h++) q[h] = 0;
        return q;
    }

    @Override
    public void close() {
        props.close();
        rels.close();
        node.close();
    }
}
