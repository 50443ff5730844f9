package io.attnflow.graph.heads;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import java.util.List;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.Value;

/**
 * The stored head graph as the UI draws it: what was built, every head and every SIMILAR edge.
 *
 * @param models      the models of the build (empty when none was built)
 * @param corpus      the corpus it read, or null for all sentences
 * @param k           neighbours per head
 * @param sentences   sentences read
 * @param communities Louvain's community count
 * @param modularity  the modularity of that partition
 */
public record HeadGraphView(
        List<String> models,
        String corpus,
        int k,
        int sentences,
        long communities,
        double modularity,
        List<Head> heads,
        List<Similar> edges) {

    /**
     * A head node.
     *
     * @param pattern   its Kovaleva pattern: vertical, diagonal, vertical+diagonal, block or heterogeneous
     * @param community its Louvain community (-1 before communities were written)
     * @param vertical  its corpus-mean share on [CLS], [SEP], "." and ","
     * @param diagonal  its share on |i − j| ≤ 1 elsewhere
     * @param block     its share on 2 ≤ |i − j| ≤ 3 elsewhere
     */
    public record Head(
            String model,
            int layer,
            int head,
            String pattern,
            long community,
            double vertical,
            double diagonal,
            double block,
            int sentences) {}

    /**
     * A SIMILAR edge.
     *
     * @param js        mean Clark et al. Jensen–Shannon divergence over the common sentences
     * @param cosine    mean cosine of the flattened matrices
     * @param sentences common sentences
     */
    public record Similar(
            String modelA,
            int layerA,
            int headA,
            String modelB,
            int layerB,
            int headB,
            double js,
            double cosine,
            int sentences) {}

    static HeadGraphView read(GraphConnection connection) {
        return GraphErrors.guard("reading the head graph", () -> {
            try (Session s = connection.session()) {
                return s.executeRead(tx -> {
                    List<Record> meta = tx.run("MATCH (g:HeadGraph) RETURN g").list();
                    List<Head> heads = tx.run("MATCH (h:Head) RETURN h ORDER BY h.model, h.layer, h.head")
                            .list(r -> head(r.get("h")));
                    List<Similar> edges = tx.run(
                                    """
                                    MATCH (a:Head)-[s:SIMILAR]->(b:Head)
                                    RETURN a.model AS ma, a.layer AS la, a.head AS ha, b.model AS mb, b.layer AS lb,
                                           b.head AS hb, s.js AS js, s.cosine AS cosine, s.sentences AS sentences
                                    ORDER BY ma, la, ha, mb, lb, hb""")
                            .list(r -> new Similar(
                                    r.get("ma").asString(),
                                    r.get("la").asInt(),
                                    r.get("ha").asInt(),
                                    r.get("mb").asString(),
                                    r.get("lb").asInt(),
                                    r.get("hb").asInt(),
                                    r.get("js").asDouble(),
                                    r.get("cosine").asDouble(),
                                    r.get("sentences").asInt()));
                    if (meta.isEmpty()) return new HeadGraphView(List.of(), null, 0, 0, 0, 0, heads, edges);
                    Value g = meta.get(0).get("g");
                    return new HeadGraphView(
                            g.get("models").asList(Value::asString),
                            g.get("corpus").asString(null),
                            g.get("k").asInt(0),
                            g.get("sentences").asInt(0),
                            g.get("communities").asLong(0),
                            g.get("modularity").asDouble(0),
                            heads,
                            edges);
                });
            }
        });
    }

    private static Head head(Value h) {
        return new Head(
                h.get("model").asString(),
                h.get("layer").asInt(),
                h.get("head").asInt(),
                h.get("pattern").asString(),
                h.get("community").asLong(-1),
                h.get("vertical").asDouble(),
                h.get("diagonal").asDouble(),
                h.get("block").asDouble(),
                h.get("sentences").asInt());
    }
}
