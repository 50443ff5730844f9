package io.attnflow.graph.write;

import io.attnflow.core.metrics.SentenceMetrics;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.RunAnnotations;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import io.attnflow.graph.GraphFailureException;
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
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.Transaction;

/**
 * Writes forward passes into the graph of docs/DATA_MODEL.md, one sentence or one group of sentences per
 * transaction: for each sentence the old run of the same (model, sentence) is deleted first, then Sentence, Tokens,
 * ATTENDS, HeadStats and finally the Run node, so a sentence is either all there or not at all, and re-writing it
 * replaces it. When this JVM holds the store, it writes through Neo4j's Java API ({@link CoreApiWrites}), otherwise
 * with Cypher over Bolt ({@link CypherWrites}); both write the same graph.
 */
public final class GraphWriter {
    /** Edge rows per UNWIND batch; 5–20k was fastest in the storage spike (docs/DESIGN.md, "Ingest"). */
    public static final int DEFAULT_BATCH = 10_000;

    private final GraphConnection connection;
    private final GraphDatabaseService local;
    private final double floor;
    private final int scale;
    private final int batch;
    private Consumer<String> stageListener = stage -> {};
    private TransactionBudget budget;

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
        this(connection, connection.localDatabase().orElse(null), floor, batch, scale);
    }

    /**
     * @param local the same database in this JVM, written through the Java API; null writes over Bolt
     */
    public GraphWriter(GraphConnection connection, GraphDatabaseService local, double floor, int batch) {
        this(connection, local, floor, batch, StoredWeights.SCALE);
    }

    private GraphWriter(GraphConnection connection, GraphDatabaseService local, double floor, int batch, int scale) {
        if (!(floor > 0 && floor < 1)) throw new IllegalArgumentException("the floor must be in (0, 1), was " + floor);
        if (batch < 1) throw new IllegalArgumentException("the batch size must be positive, was " + batch);
        this.connection = connection;
        this.local = local;
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
     * sentence). Nothing is computed here: the rollout, attention flow and head behaviour come finished ({@link SentenceMetrics#of}).
     */
    public WriteStats write(SentenceMetrics analysed) {
        return write(analysed, RunAnnotations.none(analysed.forward().n()));
    }

    /**
     * As {@link #write(SentenceMetrics)}, with the classifier's prediction on the Run ({@code predicted},
     * {@code probabilities} in {@code Model.labels} order, {@code correct}) and {@code marked: true} on every token,
     * at every layer, that the corpus's error span overlaps (docs/DATA_MODEL.md).
     */
    public WriteStats write(SentenceMetrics analysed, RunAnnotations annotations) {
        return writeAll(List.of(analysed), List.of(annotations)).get(0);
    }

    /**
     * Writes several sentences, each as {@link #write} would, its Run node last, in as few transactions as the
     * store's transaction memory allows ({@link TransactionBudget}): usually one, so that fewer commits carry the same
     * edges; each transaction holds whole sentences, so every Run in the store still marks a complete sentence
     * (docs/DESIGN.md, "Ingest"). Each returned {@link WriteStats#nanos} is its transaction's wall time shared in
     * proportion to the sentences' relationships.
     *
     * @throws SentenceTooLargeException when one sentence alone needs more transaction memory than the store allows:
     *     nothing of it is written, the sentences before it are ({@link SentenceTooLargeException#written()})
     */
    public List<WriteStats> writeAll(List<SentenceMetrics> group, List<RunAnnotations> annotations) {
        return writeAll(group, annotations, null);
    }

    /** {@link #writeAll(List, List)} within {@code budget} instead of the store's (null: the store's), for tests. */
    List<WriteStats> writeAll(List<SentenceMetrics> group, List<RunAnnotations> annotations, TransactionBudget budget) {
        if (group.isEmpty()) return List.of();
        if (annotations.size() != group.size()) {
            throw new IllegalArgumentException(annotations.size() + " annotations for " + group.size() + " sentences");
        }
        List<SentenceRows> rows = new ArrayList<>(group.size());
        long start = System.nanoTime();
        for (int i = 0; i < group.size(); i++)
            rows.add(SentenceRows.of(group.get(i), annotations.get(i), floor, scale));
        return TransactionPacker.write(rows, budget == null ? budget() : budget, start, this::commit);
    }

    /**
     * The store's transaction memory and what fits in it, read once from the store (this JVM's configuration, or
     * {@code SHOW SETTINGS} over Bolt).
     */
    TransactionBudget budget() {
        if (budget == null) {
            budget = local != null ? TransactionBudget.of(local) : TransactionBudget.of(connection);
        }
        return budget;
    }

    /** One transaction holding these sentences, whole or not at all. */
    private void commit(List<SentenceRows> rows) {
        String what = rows.size() == 1
                ? "writing sentence " + rows.get(0).sid()
                : "writing " + rows.size() + " sentences (" + rows.get(0).sid() + " …)";
        if (local != null) {
            try (Transaction tx = local.beginTx()) {
                for (SentenceRows s : rows) CoreApiWrites.write(tx, s, stageListener);
                tx.commit();
            } catch (RuntimeException e) {
                // Neo4j's own failures get the project's exception; anything else (a stage listener's) stays as is
                if (!e.getClass().getName().startsWith("org.neo4j.")) throw e;
                if (TransactionPacker.isMemoryRefusal(e)) throw new TransactionPacker.MemoryRefused(e);
                throw new GraphFailureException(what + " failed: " + e.getMessage(), null, e);
            }
        } else {
            try {
                GraphErrors.run(what, () -> {
                    try (Session session = connection.session()) {
                        session.executeWrite(
                                tx -> {
                                    for (SentenceRows s : rows) CypherWrites.write(tx, s, batch, stageListener);
                                    return null;
                                },
                                TransactionConfig.empty());
                    }
                });
            } catch (GraphFailureException e) {
                if (TransactionPacker.isMemoryRefusal(e)) throw new TransactionPacker.MemoryRefused(e);
                throw e;
            }
        }
    }
}
