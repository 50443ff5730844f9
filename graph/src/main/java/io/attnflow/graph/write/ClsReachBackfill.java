package io.attnflow.graph.write;

import io.attnflow.core.model.StoredWeights;
import io.attnflow.core.trace.ClsReach;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.GraphErrors;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.query.RunInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Session;

/**
 * Writes the stored {@code [CLS]} reach ({@link ClsReach}: {@code Token.clsReach}, {@code HeadStat.clsReach}, and
 * {@code Run.clsReachStored} as the mark that a run has them) into a store written before ingest computed it, from
 * each sentence's stored relationships, which are the integers ingest computes it on (docs/DATA_MODEL.md). One write
 * transaction per batch of sentences, each run marked in the same transaction as its values, so an interrupted
 * backfill resumes where it stopped and a second one finds nothing to do.
 */
public final class ClsReachBackfill {
    /** Sentences per write transaction. */
    public static final int DEFAULT_BATCH = 50;

    private static final String MISSING =
            """
            MATCH (r:Run) WHERE r.clsReachStored IS NULL OR $all
            MATCH (m:Model {id: r.model})
            RETURN r.model AS model, r.sid AS sid, r.n AS n, r.layers AS layers, r.heads AS heads,
                   m.floor AS floor, coalesce(m.scale, $legacyScale) AS scale
            ORDER BY model, sid""";
    private static final String SET_TOKENS =
            """
            UNWIND $rows AS row
            MATCH (t:Token {model: row.model, sid: row.sid, layer: row.layer, pos: row.pos})
            SET t.clsReach = row.reach""";
    private static final String SET_STATS =
            """
            UNWIND $rows AS row
            MATCH (h:HeadStat {model: row.model, sid: row.sid, layer: row.layer, head: row.head})
            SET h.clsReach = row.reach""";
    private static final String MARK_RUNS =
            """
            UNWIND $rows AS row
            MATCH (r:Run {model: row.model, sid: row.sid})
            SET r.clsReachStored = true""";

    /** Called after each committed batch. */
    public interface Progress {
        void done(int done, int total);
    }

    /** What a backfill did: the runs it wrote and its wall time. */
    public record Result(int runs, long millis) {}

    private final GraphConnection connection;
    private final AttentionQueries queries;
    private final int batch;

    public ClsReachBackfill(GraphConnection connection, int batch) {
        if (batch < 1) throw new IllegalArgumentException("the batch size must be positive, was " + batch);
        this.connection = connection;
        this.queries = AttentionQueries.of(connection);
        this.batch = batch;
    }

    /**
     * Computes and writes the reach of every Run that lacks it ({@code all}: of every Run).
     *
     * @throws io.attnflow.graph.GraphFailureException when Neo4j fails a read or a write
     */
    public Result run(boolean all, Progress progress) {
        long start = System.nanoTime();
        List<RunInfo> runs = missing(all);
        for (int from = 0; from < runs.size(); from += batch) {
            List<RunInfo> group = runs.subList(from, Math.min(runs.size(), from + batch));
            write(group);
            progress.done(from + group.size(), runs.size());
        }
        return new Result(runs.size(), (System.nanoTime() - start) / 1_000_000);
    }

    /** The runs without the values (all runs when {@code all}), with their model's shape, floor and scale. */
    List<RunInfo> missing(boolean all) {
        return GraphErrors.guard("reading the runs without a stored [CLS] reach", () -> {
            try (Session session = connection.session()) {
                return session.executeRead(
                        tx -> tx.run(MISSING, Map.of("all", all, "legacyScale", StoredWeights.LEGACY_SCALE))
                                .list(r -> new RunInfo(
                                        r.get("model").asString(),
                                        r.get("sid").asString(),
                                        r.get("floor").asDouble(),
                                        r.get("scale").asInt(),
                                        r.get("layers").asInt(),
                                        r.get("heads").asInt(),
                                        r.get("n").asInt(),
                                        List.of(),
                                        null,
                                        null,
                                        null,
                                        null,
                                        false)));
            }
        });
    }

    private void write(List<RunInfo> group) {
        List<Map<String, Object>> tokens = new ArrayList<>(), stats = new ArrayList<>(), marks = new ArrayList<>();
        for (RunInfo info : group) {
            StoredAttention stored = queries.storedAttention(info);
            ClsReach reach = ClsReach.of(stored);
            for (int l = 0; l <= info.layers(); l++) {
                for (int p = 0; p < info.n(); p++) {
                    Map<String, Object> row = key(info);
                    row.put("layer", l);
                    row.put("pos", p);
                    row.put("reach", reach.token(l, p));
                    tokens.add(row);
                }
            }
            for (int l = 1; l <= info.layers(); l++) {
                for (int h = 0; h < info.heads(); h++) {
                    Map<String, Object> row = key(info);
                    row.put("layer", l);
                    row.put("head", h);
                    row.put("reach", reach.head(l, h));
                    stats.add(row);
                }
            }
            marks.add(key(info));
        }
        String what = "writing the [CLS] reach of " + group.size() + " sentences ("
                + group.get(0).sid() + " …)";
        GraphErrors.run(what, () -> {
            try (Session session = connection.session()) {
                session.executeWrite(tx -> {
                    tx.run(SET_TOKENS, Map.of("rows", tokens)).consume();
                    tx.run(SET_STATS, Map.of("rows", stats)).consume();
                    tx.run(MARK_RUNS, Map.of("rows", marks)).consume();
                    return null;
                });
            }
        });
    }

    private static Map<String, Object> key(RunInfo info) {
        Map<String, Object> row = new HashMap<>();
        row.put("model", info.model());
        row.put("sid", info.sid());
        return row;
    }
}
