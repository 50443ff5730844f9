package io.attnflow.graph.write;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.neo4j.graphdb.Direction;
import org.neo4j.graphdb.Entity;
import org.neo4j.graphdb.Label;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.RelationshipType;
import org.neo4j.graphdb.ResourceIterator;
import org.neo4j.graphdb.Transaction;

/**
 * The write path inside the JVM that holds the store (the embedded default): the same nodes, relationships and
 * property values as {@link CypherWrites}, through Neo4j's Java API, which skips the Bolt encoding of every edge row
 * and the Cypher runtime (docs/DESIGN.md, "Ingest"). Integers are stored as Cypher stores them (64-bit), so a graph
 * reads the same whichever path wrote it.
 */
final class CoreApiWrites {
    private static final Label MODEL = Label.label("Model");
    private static final Label SENTENCE = Label.label("Sentence");
    private static final Label TOKEN = Label.label("Token");
    private static final Label HEAD_STAT = Label.label("HeadStat");
    private static final Label RUN = Label.label("Run");
    private static final RelationshipType ATTENDS = RelationshipType.withName("ATTENDS");
    private static final RelationshipType OF = RelationshipType.withName("OF");
    private static final RelationshipType BY = RelationshipType.withName("BY");

    private CoreApiWrites() {}

    static void write(Transaction tx, SentenceRows s, Consumer<String> stage) {
        Node model = tx.findNode(MODEL, "id", s.model());
        if (model == null) throw new IllegalStateException("model " + s.model() + " is not stored (ensureModel)");
        deleteOld(tx, s);
        stage.accept("deleted");
        Node sentence = mergeSentence(tx, s);
        stage.accept("sentence");
        Node[] tokens = new Node[s.tokens().size()];
        for (int k = 0; k < tokens.length; k++) {
            tokens[k] = keyed(tx.createNode(TOKEN), s);
            setAll(tokens[k], s.tokens().get(k));
        }
        stage.accept("tokens");
        int heads = s.attends().heads;
        for (int[] row : s.attends().rows) {
            Relationship r = tokens[row[0]].createRelationshipTo(tokens[row[1]], ATTENDS);
            long[] q = new long[heads];
            for (int h = 0; h < heads; h++) q[h] = row[3 + h];
            r.setProperty("q", q);
            r.setProperty("max", (long) row[2]);
        }
        stage.accept("attends");
        for (Map<String, Object> stat : s.stats()) setAll(keyed(tx.createNode(HEAD_STAT), s), stat);
        stage.accept("stats");
        Node run = keyed(tx.createNode(RUN), s);
        setAll(run, s.run());
        run.setProperty("ingestedAt", ZonedDateTime.now(ZoneOffset.UTC));
        run.createRelationshipTo(sentence, OF);
        run.createRelationshipTo(model, BY);
    }

    private static void deleteOld(Transaction tx, SentenceRows s) {
        Node run = findNode(tx, RUN, Map.of("model", s.model(), "sid", s.sid()));
        if (run == null) return; // no Run means nothing else of it exists: the Run is written in the same transaction
        int n = ((Number) run.getProperty("n")).intValue();
        int layers = ((Number) run.getProperty("layers")).intValue();
        detachDelete(run);
        for (long l = 0; l <= layers; l++) {
            for (long p = 0; p < n; p++) {
                Node t = findNode(tx, TOKEN, Map.of("model", s.model(), "sid", s.sid(), "layer", l, "pos", p));
                if (t != null) detachDelete(t);
            }
        }
        try (ResourceIterator<Node> stats = tx.findNodes(HEAD_STAT, "model", s.model(), "sid", s.sid())) {
            List<Node> found = stats.stream().toList();
            found.forEach(Node::delete);
        }
    }

    private static Node findNode(Transaction tx, Label label, Map<String, Object> props) {
        try (ResourceIterator<Node> it = tx.findNodes(label, props)) {
            return it.hasNext() ? it.next() : null;
        }
    }

    private static Node mergeSentence(Transaction tx, SentenceRows s) {
        Node node = tx.findNode(SENTENCE, "id", s.sid());
        if (node == null) {
            node = tx.createNode(SENTENCE);
            node.setProperty("id", s.sid());
            setAll(node, s.sentence());
            return node;
        }
        for (String key : List.of("corpus", "label")) {
            Object value = s.sentence().get(key);
            if (!node.hasProperty(key) && value != null) node.setProperty(key, value);
        }
        return node;
    }

    private static void detachDelete(Node node) {
        for (Relationship r : node.getRelationships(Direction.BOTH)) r.delete();
        node.delete();
    }

    private static Node keyed(Node node, SentenceRows s) {
        node.setProperty("model", s.model());
        node.setProperty("sid", s.sid());
        return node;
    }

    private static void setAll(Entity entity, Map<String, Object> props) {
        props.forEach((key, value) -> {
            if (value != null) entity.setProperty(key, cypherValue(value));
        });
    }

    /** Java ints and floats as Cypher would store them: 64-bit integers and floats. */
    private static Object cypherValue(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) return f.doubleValue();
        if (value instanceof int[] a) {
            long[] out = new long[a.length];
            for (int i = 0; i < a.length; i++) out[i] = a[i];
            return out;
        }
        if (value instanceof List<?> list) return listValue(list);
        if (value instanceof float[] a) {
            double[] out = new double[a.length];
            for (int i = 0; i < a.length; i++) out[i] = a[i];
            return out;
        }
        return value;
    }

    /** A Cypher list parameter as the array Cypher would store (lists of one type only). */
    private static Object listValue(List<?> list) {
        if (list.stream().allMatch(v -> v instanceof Integer || v instanceof Long)) {
            return list.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
        }
        if (list.stream().allMatch(v -> v instanceof Number)) {
            return list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
        }
        if (list.stream().allMatch(v -> v instanceof String)) return list.toArray(String[]::new);
        if (list.stream().allMatch(v -> v instanceof Boolean)) {
            boolean[] out = new boolean[list.size()];
            for (int i = 0; i < out.length; i++) out[i] = (Boolean) list.get(i);
            return out;
        }
        throw new IllegalArgumentException("a property list must hold numbers, strings or booleans: " + list);
    }
}
