package io.attnflow.graph.write;

import io.attnflow.core.metrics.HeadBehaviour;
import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.TransactionContext;

/**
 * Writes forward passes into the graph of docs/DATA_MODEL.md, one sentence per transaction: the old run of the
 * same (model, sentence) is deleted first, then Sentence, Tokens, ATTENDS, HeadStats and finally the Run node, so
 * a sentence is either all there or not at all, and re-writing it replaces it.
 */
public final class GraphWriter {
    /** Edge rows per UNWIND batch; 5–20k was fastest in the storage spike (docs/DESIGN.md, "Ingest"). */
    public static final int DEFAULT_BATCH = 10_000;

    private static final String DELETE_OLD_RUN =
            """
            OPTIONAL MATCH (r:Run {model: $model, sid: $sid})
            WITH r, r.n AS n, r.layers AS layers
            DETACH DELETE r
            RETURN n, layers""";
    private static final String DELETE_OLD_TOKENS =
            """
            UNWIND range(0, $layers) AS l
            UNWIND range(0, $n - 1) AS p
            MATCH (t:Token {model: $model, sid: $sid, layer: l, pos: p})
            DETACH DELETE t""";
    private static final String DELETE_OLD_STATS = "MATCH (h:HeadStat {model: $model, sid: $sid}) DELETE h";
    private static final String MERGE_SENTENCE =
            """
            MERGE (s:Sentence {id: $sid})
            ON CREATE SET s.text = $text, s.textB = $textB, s.corpus = $corpus, s.label = $label
            ON MATCH SET s.corpus = coalesce(s.corpus, $corpus), s.label = coalesce(s.label, $label)""";
    private static final String CREATE_TOKENS =
            """
            UNWIND $tokens AS t
            CREATE (:Token {model: $model, sid: $sid, layer: t.layer, pos: t.pos, text: t.text, special: t.special,
                            wordPiece: t.wordPiece, type: t.type, start: t.start, end: t.end, rollout: t.rollout})""";
    // Nodes are addressed by their index in one collected list: 2.5x faster than a look-up per row (docs/DESIGN.md,
    // "Ingest").
    private static final String CREATE_ATTENDS =
            """
            UNWIND range(0, $layers) AS l
            UNWIND range(0, $n - 1) AS p
            MATCH (t:Token {model: $model, sid: $sid, layer: l, pos: p})
            WITH collect(t) AS ts
            UNWIND $rows AS r
            WITH ts[r[0]] AS a, ts[r[1]] AS b, r[2] AS max, r[3..] AS q
            CREATE (a)-[:ATTENDS {q: q, max: max}]->(b)""";
    private static final String CREATE_STATS =
            """
            UNWIND $stats AS s
            CREATE (:HeadStat {model: $model, sid: $sid, layer: s.layer, head: s.head, entropy: s.entropy,
                               cls: s.cls, sep: s.sep, punct: s.punct, self: s.self, prev: s.prev, next: s.next})""";
    private static final String CREATE_RUN =
            """
            MATCH (s:Sentence {id: $sid}), (m:Model {id: $model})
            CREATE (r:Run {model: $model, sid: $sid, n: $n, layers: $layers, heads: $heads, truncated: $truncated,
                           rels: $rels, edges: $edges, ingestedAt: datetime()})
            CREATE (r)-[:OF]->(s)
            CREATE (r)-[:BY]->(m)""";

    private final GraphConnection connection;
    private final double floor;
    private final int scale;
    private final int batch;
    private Consumer<String> stageListener = stage -> {};

    /**
     * @param floor the store floor: weights below it are not stored (recorded on the Model node)
     * @param batch edge rows per UNWIND batch
     */
    public GraphWriter(GraphConnection connection, double floor, int batch) {
        this(connection, floor, batch, StoredWeights.SCALE);
    }

    /**
     * A writer at another weight scale than {@link StoredWeights#SCALE}: for tests of stores written by earlier
     * versions (at {@link StoredWeights#LEGACY_SCALE}).
     */
    public GraphWriter(GraphConnection connection, double floor, int batch, int scale) {
        if (!(floor > 0 && floor < 1)) throw new IllegalArgumentException("the floor must be in (0, 1), was " + floor);
        if (batch < 1) throw new IllegalArgumentException("the batch size must be positive, was " + batch);
        this.connection = connection;
        this.floor = floor;
        this.scale = scale;
        this.batch = batch;
    }

    public GraphWriter(GraphConnection connection, double floor) {
        this(connection, floor, DEFAULT_BATCH);
    }

    public double floor() {
        return floor;
    }

    /**
     * Called with the name of each stage ("deleted", "sentence", "tokens", "attends", "stats") inside the
     * sentence's transaction, before the Run node; an exception thrown here rolls the sentence back. For
     * progress reporting and for the atomicity test.
     */
    public GraphWriter onStage(Consumer<String> listener) {
        this.stageListener = listener == null ? stage -> {} : listener;
        return this;
    }

    /**
     * Creates the Model node or checks the stored one: a model's floor and weights cannot change under the same id
     * (traces at τ ≥ floor are exact only if every sentence was stored with the same floor).
     */
    public void ensureModel(ModelInfo info) {
        Map<String, Object> props = new HashMap<>();
        props.put("name", info.name());
        props.put("architecture", info.architecture());
        props.put("layers", info.layers());
        props.put("heads", info.heads());
        props.put("hidden", info.hidden());
        props.put("vocabSize", info.vocabSize());
        props.put("maxPositions", info.maxPositions());
        props.put("source", info.source());
        props.put("weightsSha256", info.weightsSha256());
        props.put("floor", floor);
        props.put("scale", scale);
        Record stored = GraphErrors.guard("writing the model " + info.id(), () -> {
            try (Session session = connection.session()) {
                return session.executeWrite(tx -> tx.run(
                                """
                            MERGE (m:Model {id: $id})
                            ON CREATE SET m += $props, m.ingestedAt = datetime()
                            RETURN m.floor AS floor, m.weightsSha256 AS sha, m.layers AS layers, m.heads AS heads,
                                   m.scale AS scale""",
                                Map.of("id", info.id(), "props", props))
                        .single());
            }
        });
        int storedScale = stored.get("scale").asInt(StoredWeights.LEGACY_SCALE);
        if (storedScale != scale) {
            throw new InvalidInputException("model " + info.id() + " is stored with weights at scale " + storedScale
                    + ", this version writes them at " + scale + ": the store can still be read, but to add"
                    + " sentences re-ingest the model into a new store (attnflow ingest --model " + info.id()
                    + " --data-dir NEW_DIR …)");
        }
        double storedFloor = stored.get("floor").asDouble(floor);
        if (StoredWeights.floorQ(storedFloor, scale) != StoredWeights.floorQ(floor, scale)) {
            throw new InvalidInputException("model " + info.id() + " is stored with floor " + storedFloor
                    + ", not " + floor + ": ingest it with --floor " + storedFloor
                    + " (all sentences of a model share one floor, so that traces stay exact)");
        }
        String sha = stored.get("sha").isNull() ? null : stored.get("sha").asString();
        if (sha != null && info.weightsSha256() != null && !sha.equals(info.weightsSha256())) {
            throw new InvalidInputException("model id " + info.id() + " is already stored with other weights"
                    + " (sha256 " + sha.substring(0, Math.min(12, sha.length())) + "…): give these weights another id");
        }
    }

    /** The ids of the sentences this model already has a complete Run for. */
    public Set<String> completedSentences(String modelId) {
        return GraphErrors.guard("reading the stored sentences of " + modelId, () -> {
            try (Session session = connection.session()) {
                return new HashSet<>(session.executeRead(
                        tx -> tx.run("MATCH (r:Run {model: $m}) RETURN r.sid AS sid", Map.of("m", modelId))
                                .list(r -> r.get("sid").asString())));
            }
        });
    }

    /**
     * Writes one forward pass and its metrics in one transaction, replacing any earlier run of the same (model,
     * sentence). Nothing is computed here: the rollout and head behaviour come finished ({@link SentenceMetrics#of}).
     */
    public WriteStats write(SentenceMetrics analysed) {
        ForwardResult result = analysed.forward();
        long start = System.nanoTime();
        ModelInfo model = result.model();
        int n = result.n();
        int layers = result.attention().layers();
        if (result.attention().n() != n) {
            throw new IllegalArgumentException(
                    "attention is over " + result.attention().n() + " tokens, not " + n);
        }
        String sid = result.input().id();
        AttendsRows attends = AttendsRows.of(result.attention(), floor, scale);
        List<Map<String, Object>> tokens = tokenRows(result, analysed.rollout());
        List<Map<String, Object>> stats = statRows(analysed.behaviour());

        Map<String, Object> key = Map.of("model", model.id(), "sid", sid);
        GraphErrors.run("writing sentence " + sid, () -> {
            try (Session session = connection.session()) {
                session.executeWrite(
                        tx -> {
                            deleteOld(tx, key);
                            stageListener.accept("deleted");
                            Map<String, Object> sentence = new HashMap<>(key);
                            sentence.put("text", result.input().text());
                            sentence.put("textB", result.input().textB());
                            sentence.put("corpus", result.input().corpus());
                            sentence.put("label", result.input().label());
                            tx.run(MERGE_SENTENCE, sentence).consume();
                            stageListener.accept("sentence");
                            tx.run(CREATE_TOKENS, with(key, "tokens", tokens)).consume();
                            stageListener.accept("tokens");
                            for (int from = 0; from < attends.rows.size(); from += batch) {
                                List<int[]> slice =
                                        attends.rows.subList(from, Math.min(attends.rows.size(), from + batch));
                                Map<String, Object> params = with(key, "rows", slice);
                                params.put("layers", layers);
                                params.put("n", n);
                                tx.run(CREATE_ATTENDS, params).consume();
                            }
                            stageListener.accept("attends");
                            tx.run(CREATE_STATS, with(key, "stats", stats)).consume();
                            stageListener.accept("stats");
                            Map<String, Object> run = new HashMap<>(key);
                            run.put("n", n);
                            run.put("layers", layers);
                            run.put("heads", result.attention().heads());
                            run.put("truncated", result.truncated());
                            run.put("rels", attends.rows.size());
                            run.put("edges", attends.perHeadEdges);
                            tx.run(CREATE_RUN, run).consume();
                            return null;
                        },
                        TransactionConfig.empty());
            }
        });
        return new WriteStats(
                sid,
                n,
                n * (layers + 1),
                attends.rows.size(),
                attends.perHeadEdges,
                stats.size(),
                System.nanoTime() - start);
    }

    private static void deleteOld(TransactionContext tx, Map<String, Object> key) {
        Record old = tx.run(DELETE_OLD_RUN, key).single();
        if (!old.get("n").isNull()) {
            Map<String, Object> params = new HashMap<>(key);
            params.put("n", old.get("n").asInt());
            params.put("layers", old.get("layers").asInt());
            tx.run(DELETE_OLD_TOKENS, params).consume();
            tx.run(DELETE_OLD_STATS, key).consume();
        }
        // no Run means nothing else of this (model, sentence) exists: the Run is written in the same transaction
    }

    private static List<Map<String, Object>> tokenRows(ForwardResult result, double[] rollout) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int layer = 0; layer <= result.attention().layers(); layer++) {
            for (TokenInfo t : result.tokens()) {
                Map<String, Object> row = new HashMap<>();
                row.put("layer", layer);
                row.put("pos", t.pos());
                row.put("text", t.text());
                row.put("special", t.special());
                row.put("wordPiece", t.wordPiece());
                row.put("type", t.type());
                row.put("start", t.start());
                row.put("end", t.end());
                row.put("rollout", layer == 0 ? rollout[t.pos()] : null);
                rows.add(row);
            }
        }
        return rows;
    }

    private static List<Map<String, Object>> statRows(HeadBehaviour[][] behaviour) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HeadBehaviour[] layer : behaviour) {
            for (HeadBehaviour b : layer) {
                Map<String, Object> row = new HashMap<>();
                row.put("layer", b.layer());
                row.put("head", b.head());
                row.put("entropy", b.entropy());
                row.put("cls", b.cls());
                row.put("sep", b.sep());
                row.put("punct", b.punct());
                row.put("self", b.self());
                row.put("prev", b.prev());
                row.put("next", b.next());
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, Object> with(Map<String, Object> key, String name, Object value) {
        Map<String, Object> params = new HashMap<>(key);
        params.put(name, value);
        return params;
    }
}
