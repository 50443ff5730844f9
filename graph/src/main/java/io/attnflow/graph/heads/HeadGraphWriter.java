package io.attnflow.graph.heads;

import io.attnflow.core.headgraph.HeadGraph;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * Writes a {@link HeadGraph} (replacing the stored one in one transaction), then asks GDS for its communities: the
 * projection {@value HeadGraphService#PROJECTION} (heads, SIMILAR undirected, weight cosine) and Louvain, written as
 * {@code Head.community}. Louvain runs with concurrency 1 so that a rebuild of the same data gives the same
 * communities.
 */
final class HeadGraphWriter {
    private HeadGraphWriter() {}

    /** Louvain's result. */
    record Communities(long count, double modularity) {}

    static void write(GraphConnection connection, HeadGraph graph, String corpus) {
        List<Map<String, Object>> heads = new ArrayList<>();
        for (HeadGraph.Node n : graph.heads()) {
            Map<String, Object> h = new HashMap<>();
            h.put("model", n.head().model());
            h.put("layer", n.head().layer());
            h.put("head", n.head().head());
            h.put("pattern", n.pattern().label());
            h.put("vertical", n.shares().vertical());
            h.put("diagonal", n.shares().diagonal());
            h.put("block", n.shares().block());
            h.put("sentences", n.sentences());
            heads.add(h);
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        for (HeadGraph.Edge e : graph.edges()) {
            edges.add(Map.of(
                    "a", List.of(e.from().model(), e.from().layer(), e.from().head()),
                    "b", List.of(e.to().model(), e.to().layer(), e.to().head()),
                    "js", e.js(),
                    "cosine", e.cosine(),
                    "sentences", e.sentences()));
        }
        Map<String, Object> meta = new HashMap<>();
        meta.put("models", graph.models());
        meta.put("corpus", corpus);
        meta.put("k", graph.k());
        meta.put("sentences", graph.sentences());
        GraphErrors.run("writing the head graph", () -> {
            try (Session s = connection.session()) {
                s.executeWriteWithoutResult(tx -> {
                    tx.run("MATCH (h:Head) DETACH DELETE h").consume();
                    tx.run("MATCH (g:HeadGraph) DELETE g").consume();
                    tx.run("UNWIND $heads AS h CREATE (x:Head) SET x = h", Map.of("heads", heads))
                            .consume();
                    tx.run(
                                    """
                                    MATCH (h:Head)
                                    WITH collect(h) AS hs
                                    UNWIND $edges AS e
                                    WITH [x IN hs WHERE x.model = e.a[0] AND x.layer = e.a[1] AND x.head = e.a[2]][0] AS a,
                                         [x IN hs WHERE x.model = e.b[0] AND x.layer = e.b[1] AND x.head = e.b[2]][0] AS b, e
                                    CREATE (a)-[:SIMILAR {js: e.js, cosine: e.cosine, sentences: e.sentences}]->(b)""",
                                    Map.of("edges", edges))
                            .consume();
                    tx.run(
                                    """
                                    CREATE (g:HeadGraph {models: $m.models, corpus: $m.corpus, k: $m.k,
                                                         sentences: $m.sentences, builtAt: datetime()})""",
                                    Map.of("m", meta))
                            .consume();
                });
            }
        });
    }

    /** Re-projects the head graph and writes Louvain's communities; records count and modularity on HeadGraph. */
    static Communities communities(GraphConnection connection, HeadGraph graph, String corpus) {
        return GraphErrors.guard("finding the head communities (GDS Louvain: a server needs the GDS plugin)", () -> {
            try (Session s = connection.session()) {
                project(s);
                Record r = s.run(
                                """
                                CALL gds.louvain.write($g, {writeProperty: 'community',
                                                            relationshipWeightProperty: 'cosine', concurrency: 1})
                                YIELD communityCount, modularity
                                RETURN communityCount, modularity""",
                                Map.of("g", HeadGraphService.PROJECTION))
                        .single();
                long count = r.get("communityCount").asLong();
                double modularity = r.get("modularity").asDouble();
                s.run(
                                "MATCH (g:HeadGraph) SET g.communities = $c, g.modularity = $q",
                                Map.of("c", count, "q", modularity))
                        .consume();
                return new Communities(count, modularity);
            }
        });
    }

    /**
     * Projects the stored head graph when no projection of it exists; true when it projected. A store without a head
     * graph (no {@code Head} nodes) is left alone: there is nothing to project.
     */
    static boolean ensureProjection(GraphConnection connection) {
        return GraphErrors.guard("projecting the head graph for GDS", () -> {
            try (Session s = connection.session()) {
                if (!s.run("MATCH (h:Head) RETURN h LIMIT 1").hasNext()) return false;
                boolean exists = s.run(
                                "CALL gds.graph.exists($g) YIELD exists RETURN exists",
                                Map.of("g", HeadGraphService.PROJECTION))
                        .single()
                        .get("exists")
                        .asBoolean();
                if (exists) return false;
                project(s);
                return true;
            }
        });
    }

    private static void project(Session s) {
        s.run(
                        "CALL gds.graph.drop($g, false) YIELD graphName RETURN graphName",
                        Map.of("g", HeadGraphService.PROJECTION))
                .consume();
        s.run(
                        """
                        CALL gds.graph.project($g, 'Head', {SIMILAR: {orientation: 'UNDIRECTED', properties: 'cosine'}})
                        YIELD nodeCount RETURN nodeCount""",
                        Map.of("g", HeadGraphService.PROJECTION))
                .consume();
    }
}
