package io.attnflow.graph.heads;

import io.attnflow.core.headgraph.HeadGraph;
import io.attnflow.core.headgraph.HeadGraphBuilder;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.query.UnknownModelException;
import io.attnflow.core.trace.AttentionStore;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.query.RunInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;

/**
 * Builds the head graph from what is stored and writes it: {@code (:Head {model, layer, head, pattern, …})}, {@code
 * (:Head)-[:SIMILAR {js, cosine, sentences}]->(:Head)}, then GDS Louvain's communities as {@code Head.community}
 * and one {@code (:HeadGraph)} node that says what was built. A build replaces the previous head graph. The maths is
 * {@link HeadGraphBuilder}'s (core); this class only reads and writes. See docs/DATA_MODEL.md, The head graph.
 */
public final class HeadGraphService {
    /** The name of the GDS in-memory projection of the head graph, which the analyst GDS queries read. */
    public static final String PROJECTION = "attnflow-heads";

    private final GraphConnection connection;
    private final AttentionQueries queries;

    public HeadGraphService(GraphConnection connection) {
        this.connection = connection;
        this.queries = AttentionQueries.of(connection);
    }

    /**
     * What a build made.
     *
     * @param sentences   the sentences read (of any model)
     * @param heads       Head nodes written
     * @param edges       SIMILAR relationships written
     * @param communities Louvain's community count
     * @param modularity  the modularity of Louvain's partition (weights: cosine)
     * @param patterns    how many heads got each Kovaleva pattern
     */
    public record BuildResult(
            List<String> models,
            String corpus,
            int k,
            int sentences,
            int heads,
            int edges,
            long communities,
            double modularity,
            Map<String, Integer> patterns,
            long millis) {}

    /**
     * Builds and writes the head graph of the models over their sentences (of {@code corpus}, or all when null).
     *
     * @throws UnknownModelException when a model is not stored
     * @throws InvalidInputException when a model holds no sentence (of the corpus) or two hold none in common
     */
    public BuildResult build(List<String> models, String corpus, int k, HeadGraphBuilder.Progress progress) {
        long start = System.nanoTime();
        Map<String, List<String>> sids = sentencesOf(models, corpus);
        AttentionStore store = (model, sid) -> {
            RunInfo info = queries.runInfo(model, sid);
            return new AttentionStore.StoredRun(model, sid, info.tokens(), queries.storedAttention(info));
        };
        HeadGraph graph = HeadGraphBuilder.build(store, sids, k, progress);
        HeadGraphWriter.write(connection, graph, corpus);
        HeadGraphWriter.Communities c = HeadGraphWriter.communities(connection, graph, corpus);
        Map<String, Integer> patterns = new LinkedHashMap<>();
        for (HeadGraph.Node n : graph.heads()) patterns.merge(n.pattern().label(), 1, Integer::sum);
        return new BuildResult(
                graph.models(),
                corpus,
                k,
                graph.sentences(),
                graph.heads().size(),
                graph.edges().size(),
                c.count(),
                c.modularity(),
                patterns,
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Projects the stored head graph for GDS if the projection is missing (e.g. after a restart). */
    public boolean ensureProjection() {
        return HeadGraphWriter.ensureProjection(connection);
    }

    /** The stored head graph, for the UI: every head and SIMILAR edge. */
    public HeadGraphView view() {
        return HeadGraphView.read(connection);
    }

    /** Each model's sentences, in the order the models were given; unknown models and empty corpora refused. */
    private Map<String, List<String>> sentencesOf(List<String> models, String corpus) {
        if (models == null || models.isEmpty()) throw new InvalidInputException("give at least one --model");
        Map<String, List<String>> sids = new LinkedHashMap<>();
        for (String m : new LinkedHashSet<>(models)) {
            List<String> of = GraphErrors.guard("listing the sentences of " + m, () -> {
                try (Session s = connection.session()) {
                    return s.executeRead(tx -> {
                        if (tx.run("MATCH (m:Model {id: $m}) RETURN m.id", Map.of("m", m))
                                .list()
                                .isEmpty()) {
                            throw new UnknownModelException(m);
                        }
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("m", m);
                        p.put("corpus", corpus);
                        return tx.run(
                                        """
                                        MATCH (r:Run {model: $m})-[:OF]->(s:Sentence)
                                        WHERE $corpus IS NULL OR s.corpus = $corpus
                                        RETURN r.sid AS sid ORDER BY sid""",
                                        p)
                                .list((Record r) -> r.get("sid").asString());
                    });
                }
            });
            if (of.isEmpty()) {
                throw new InvalidInputException("model " + m + " holds no sentence"
                        + (corpus == null ? "" : " of corpus " + corpus) + ": ingest some first");
            }
            sids.put(m, new ArrayList<>(of));
        }
        return sids;
    }
}
