package io.attnflow.graph.write;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

/**
 * The write path over Bolt, for a Neo4j server in another process: Cypher {@code UNWIND} statements inside the
 * caller's transaction. The Run node comes last, so the transaction holds either the whole sentence or none of it.
 */
final class CypherWrites {
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
            ON CREATE SET s += $props
            ON MATCH SET s.corpus = coalesce(s.corpus, $props.corpus), s.label = coalesce(s.label, $props.label)""";
    // SET t = row writes whatever the row holds (a null writes nothing): see SentenceRows
    private static final String CREATE_TOKENS =
            "UNWIND $tokens AS row CREATE (t:Token) SET t = row, t.model = $model, t.sid = $sid";
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
            "UNWIND $stats AS row CREATE (h:HeadStat) SET h = row, h.model = $model, h.sid = $sid";
    private static final String CREATE_RUN =
            """
            MATCH (s:Sentence {id: $sid}), (m:Model {id: $model})
            CREATE (r:Run)
            SET r = $props, r.model = $model, r.sid = $sid, r.ingestedAt = datetime()
            CREATE (r)-[:OF]->(s)
            CREATE (r)-[:BY]->(m)""";

    private CypherWrites() {}

    static void write(TransactionContext tx, SentenceRows s, int batch, Consumer<String> stage) {
        Map<String, Object> key = Map.of("model", s.model(), "sid", s.sid());
        deleteOld(tx, key);
        stage.accept("deleted");
        tx.run(MERGE_SENTENCE, with(key, "props", s.sentence())).consume();
        stage.accept("sentence");
        tx.run(CREATE_TOKENS, with(key, "tokens", s.tokens())).consume();
        stage.accept("tokens");
        List<int[]> rows = s.attends().rows;
        for (int from = 0; from < rows.size(); from += batch) {
            Map<String, Object> params = with(key, "rows", rows.subList(from, Math.min(rows.size(), from + batch)));
            params.put("layers", s.layers());
            params.put("n", s.n());
            tx.run(CREATE_ATTENDS, params).consume();
        }
        stage.accept("attends");
        tx.run(CREATE_STATS, with(key, "stats", s.stats())).consume();
        stage.accept("stats");
        tx.run(CREATE_RUN, with(key, "props", s.run())).consume();
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

    private static Map<String, Object> with(Map<String, Object> key, String name, Object value) {
        Map<String, Object> params = new HashMap<>(key);
        params.put(name, value);
        return params;
    }
}
