package io.attnflow.graph.read;

import io.attnflow.core.model.Prediction;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.query.InvalidQueryException;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.TransactionCallback;
import org.neo4j.driver.Value;

/**
 * Reads what {@code GraphWriter} stored: models, sentences, tokens, one head's attention, counts. Throws only the
 * project's exceptions: {@link io.attnflow.graph.GraphUnavailableException} while Neo4j cannot be reached, {@link
 * InvalidQueryException} for a parameter out of range, {@link io.attnflow.graph.GraphFailureException} otherwise.
 */
public final class GraphReader {
    private final GraphConnection connection;

    public GraphReader(GraphConnection connection) {
        this.connection = connection;
    }

    /**
     * A stored model.
     *
     * @param sentences     the number of sentences stored for it (Runs)
     * @param labels        its classifier's label names, or null when it has no classifier head
     * @param fineTunedFrom the base it was fine-tuned from and after how many steps, or null
     */
    public record StoredModel(
            String id,
            String name,
            String architecture,
            int layers,
            int heads,
            int hidden,
            int vocabSize,
            int maxPositions,
            String source,
            String weightsSha256,
            double floor,
            int scale,
            long sentences,
            List<String> labels,
            FineTunedFrom fineTunedFrom) {}

    /** A fine-tune's base model and the training steps between them ({@code FINE_TUNED_FROM}). */
    public record FineTunedFrom(String model, int step) {}

    /**
     * A model's prediction on a sentence, as listed with the sentence.
     *
     * @param probabilities by label name, in the model's label order
     * @param correct       null when the sentence has no gold label among the model's labels
     */
    public record ModelPrediction(String model, String label, Map<String, Double> probabilities, Boolean correct) {}

    /**
     * A stored sentence, with the models that have it.
     *
     * @param models      the ids of the models with a Run for it, sorted
     * @param predictions the predictions of the models with a classifier head, by model id
     */
    public record StoredSentence(
            String id,
            String text,
            String textB,
            String corpus,
            String label,
            List<String> models,
            List<ModelPrediction> predictions) {}

    /**
     * A token at layer 0 (the input), with its rollout relevance and its attention flow (max-flow), the latter null
     * when ingest did not compute it (a sentence longer than the bound of {@code AttentionFlowPolicy}).
     *
     * @param marked true when the corpus's error span overlaps the token ({@code Token.marked})
     */
    public record StoredToken(
            int pos,
            String text,
            boolean special,
            boolean wordPiece,
            int type,
            int start,
            int end,
            double rollout,
            Double attentionFlow,
            boolean marked) {}

    /** One page of a longer list. */
    public record Page<T>(List<T> items, long total, int offset, int limit) {}

    /**
     * Which sentences to list.
     *
     * @param text   a case-insensitive substring of text or textB, or null
     * @param model  only sentences stored for this model, or null
     * @param corpus only sentences of this corpus, or null
     */
    public record SentenceFilter(String text, String model, String corpus, int offset, int limit) {
        public SentenceFilter {
            if (offset < 0) throw new InvalidQueryException("offset must be >= 0, was " + offset);
            if (limit < 1 || limit > 1000) throw new InvalidQueryException("limit must be in 1..1000, was " + limit);
        }

        public static SentenceFilter all() {
            return new SentenceFilter(null, null, null, 0, 100);
        }
    }

    /** Node and relationship counts, by label and type. */
    public record Counts(long models, long sentences, long runs, long tokens, long attends, long headStats) {}

    private static final String MODEL_FIELDS =
            """
            m {.id, .name, .architecture, .layers, .heads, .hidden, .vocabSize, .maxPositions, .source,
               .weightsSha256, .floor, .scale, .labels} AS m,
            COUNT { (m)<-[:BY]-(:Run) } AS sentences,
            [(m)-[f:FINE_TUNED_FROM]->(b:Model) | {model: b.id, step: f.step}][0] AS base""";

    /** The models holding a sentence, and the predictions of those with a classifier (Runs r, ordered by model). */
    private static final String PREDICTIONS =
            """
            collect(r.model) AS models,
            collect(CASE WHEN r.predicted IS NOT NULL THEN
              {model: r.model, label: r.predicted, probabilities: r.probabilities, labels: labels} END) AS predictions
            """;

    public List<StoredModel> models() {
        return read("listing the models", tx -> tx.run("MATCH (m:Model) RETURN " + MODEL_FIELDS + " ORDER BY m.id")
                .list(StoredRows::model));
    }

    public Optional<StoredModel> model(String id) {
        return read(
                "reading a model", tx -> tx
                        .run("MATCH (m:Model {id: $id}) RETURN " + MODEL_FIELDS, Map.of("id", id))
                        .list(StoredRows::model)
                        .stream()
                        .findFirst());
    }

    public Page<StoredSentence> sentences(SentenceFilter f) {
        Map<String, Object> p = new HashMap<>();
        p.put("text", f.text() == null || f.text().isBlank() ? null : f.text().toLowerCase());
        p.put("model", f.model());
        p.put("corpus", f.corpus());
        p.put("offset", f.offset());
        p.put("limit", f.limit());
        String match =
                """
                MATCH (s:Sentence)
                WHERE ($corpus IS NULL OR s.corpus = $corpus)
                  AND ($text IS NULL OR toLower(s.text) CONTAINS $text OR toLower(coalesce(s.textB, '')) CONTAINS $text)
                  AND ($model IS NULL OR EXISTS { (s)<-[:OF]-(:Run {model: $model}) })
                """;
        return read("listing the sentences", tx -> {
            long total =
                    tx.run(match + "RETURN count(s) AS c", p).single().get("c").asLong();
            List<StoredSentence> items = tx.run(
                            match
                                    + """
                                        WITH s ORDER BY s.corpus, s.text, s.id SKIP $offset LIMIT $limit
                                        OPTIONAL MATCH (s)<-[:OF]-(r:Run)
                                        WITH s, r, [(r)-[:BY]->(m) | m.labels][0] AS labels ORDER BY r.model
                                        RETURN s, """
                                    + PREDICTIONS
                                    + """
                                        ORDER BY s.corpus, s.text, s.id""",
                            p)
                    .list(StoredRows::sentence);
            return new Page<>(items, total, f.offset(), f.limit());
        });
    }

    public Optional<StoredSentence> sentence(String sid) {
        return read("reading a sentence", tx -> tx
                .run(
                        """
                            MATCH (s:Sentence {id: $sid})
                            OPTIONAL MATCH (s)<-[:OF]-(r:Run)
                            WITH s, r, [(r)-[:BY]->(m) | m.labels][0] AS labels ORDER BY r.model
                            RETURN s, """
                                + PREDICTIONS,
                        Map.of("sid", sid))
                .list(StoredRows::sentence)
                .stream()
                .findFirst());
    }

    /** The input tokens (layer 0) of a sentence for a model, in order; empty when the model does not have it. */
    public List<StoredToken> tokens(String model, String sid) {
        return read("reading the tokens", tx -> {
            Record run = runOf(tx, model, sid);
            if (run == null) return List.<StoredToken>of();
            return tx.run(
                            """
                                UNWIND range(0, $n - 1) AS p
                                MATCH (t:Token {model: $model, sid: $sid, layer: 0, pos: p})
                                RETURN t ORDER BY t.pos""",
                            Map.of("model", model, "sid", sid, "n", run.get("n").asInt()))
                    .list(r -> StoredRows.token(r.get("t")));
        });
    }

    /**
     * The stored attention A^layer_head of a sentence, rebuilt from its ATTENDS relationships: {@code q[h] / 10⁴}
     * where stored, 0 elsewhere (below the floor). Empty when the model does not have the sentence.
     */
    public Optional<float[][]> attention(String model, String sid, int layer, int head) {
        return read("reading a head's attention", tx -> {
            Record run = runOf(tx, model, sid);
            if (run == null) return Optional.<float[][]>empty();
            int n = run.get("n").asInt(),
                    layers = run.get("layers").asInt(),
                    heads = run.get("heads").asInt();
            if (layer < 1 || layer > layers || head < 0 || head >= heads) {
                throw new InvalidQueryException("layer must be in 1.." + layers + " and head in 0.." + (heads - 1)
                        + ", was layer " + layer + ", head " + head);
            }
            float[][] a = new float[n][n];
            int scale = run.get("scale").asInt(StoredWeights.LEGACY_SCALE);
            tx.run(
                            """
                                UNWIND range(0, $n - 1) AS p
                                MATCH (t:Token {model: $model, sid: $sid, layer: $layer, pos: p})<-[r:ATTENDS]-(f:Token)
                                WITH p AS i, f.pos AS j, r.q[$head] AS q
                                WHERE q > 0
                                RETURN i, j, q""",
                            Map.of("model", model, "sid", sid, "n", n, "layer", layer, "head", head))
                    .forEachRemaining(r -> a[r.get("i").asInt()][r.get("j").asInt()] =
                            (float) StoredWeights.dequantize(r.get("q").asInt(), scale));
            return Optional.of(a);
        });
    }

    /**
     * The prediction a model with a classifier head stored for a sentence, with the sentence's gold label; empty
     * when the model has no classifier head (no {@code Model.labels}) or no prediction for the sentence.
     */
    public Optional<Prediction> prediction(String model, String sid) {
        return read("reading a prediction", tx -> tx
                .run(
                        """
                            MATCH (m:Model {id: $model})<-[:BY]-(r:Run {model: $model, sid: $sid})-[:OF]->(s:Sentence)
                            WHERE m.labels IS NOT NULL AND r.predicted IS NOT NULL
                            RETURN m.labels AS labels, r.probabilities AS p, r.predicted AS label, s.label AS gold""",
                        Map.of("model", model, "sid", sid))
                .list(r -> Prediction.ofStored(
                        r.get("labels").asList(Value::asString),
                        r.get("p").asList(Value::asDouble),
                        r.get("label").asString(),
                        r.get("gold").asString(null)))
                .stream()
                .findFirst());
    }

    public Counts counts() {
        return read("counting the graph", tx -> {
            Record r = tx.run(
                            """
                                RETURN COUNT { (:Model) } AS models, COUNT { (:Sentence) } AS sentences,
                                       COUNT { (:Run) } AS runs, COUNT { (:Token) } AS tokens,
                                       COUNT { ()-[:ATTENDS]->() } AS attends, COUNT { (:HeadStat) } AS headStats""")
                    .single();
            return new Counts(
                    r.get("models").asLong(),
                    r.get("sentences").asLong(),
                    r.get("runs").asLong(),
                    r.get("tokens").asLong(),
                    r.get("attends").asLong(),
                    r.get("headStats").asLong());
        });
    }

    /** Runs one read transaction; driver errors become the project's (GraphErrors). */
    private <T> T read(String what, TransactionCallback<T> work) {
        return GraphErrors.guard(what, () -> {
            try (Session s = connection.session()) {
                return s.executeRead(work);
            }
        });
    }

    private static Record runOf(org.neo4j.driver.TransactionContext tx, String model, String sid) {
        List<Record> runs = tx.run(
                        "MATCH (r:Run {model: $model, sid: $sid}), (m:Model {id: $model})"
                                + " RETURN r.n AS n, r.layers AS layers, r.heads AS heads, m.scale AS scale",
                        Map.of("model", model, "sid", sid))
                .list();
        return runs.isEmpty() ? null : runs.get(0);
    }
}
