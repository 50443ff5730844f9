package io.attnflow.graph.bench;

import io.attnflow.graph.GraphConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Session;

/**
 * Bulk synthetic sentences for benchmarks only: they grow the store and its indexes around the measured sentences.
 * Model id {@code bench-filler}; never use it in a store you keep. It lives in the bench module, out of the
 * production jar, but in a {@code io.attnflow.graph} package: only graph code talks to Neo4j.
 */
public final class SyntheticCorpus {
    private SyntheticCorpus() {}

    // Filler sentences: n = 8, 12 layers of 12 heads, every (i, j) stored with random weights, 200 per transaction,
    // generated inside Neo4j (writing 10k sentences one transaction each through GraphWriter would take an hour here).
    private static final String FILL =
            """
            UNWIND $sids AS sid
            CREATE (:Run {model: 'bench-filler', sid: sid, n: 8, layers: 12, heads: 12})
            WITH sid
            UNWIND range(0, 12) AS l
            UNWIND range(0, 7) AS p
            CREATE (t:Token {model: 'bench-filler', sid: sid, layer: l, pos: p, text: 'w' + p, special: false})
            WITH sid, l, collect(t) AS layerTokens
            ORDER BY sid, l
            WITH sid, collect(layerTokens) AS ts
            UNWIND range(1, 12) AS l
            UNWIND range(0, 7) AS i
            UNWIND range(0, 7) AS j
            WITH ts[l - 1][j] AS a, ts[l][i] AS b, [h IN range(0, 11) | 100 + toInteger(rand() * 3000)] AS q
            CREATE (a)-[:ATTENDS {q: q, max: reduce(m = 0, x IN q | CASE WHEN x > m THEN x ELSE m END)}]->(b)""";

    /** The sentences the store holds (real or filler), so that a kept store is filled only up to a target. */
    public static int storedSentences(GraphConnection connection) {
        try (Session session = connection.session()) {
            // filler runs have no Sentence node, so both are counted, in one read
            return session.executeRead(tx -> tx.run(
                            """
                            CALL { MATCH (s:Sentence) RETURN count(s) AS sentences }
                            CALL { MATCH (r:Run {model: 'bench-filler'}) RETURN count(r) AS filler }
                            RETURN sentences + filler AS n""")
                    .single()
                    .get("n")
                    .asInt());
        }
    }

    /** Adds filler sentences until the store holds {@code target}; returns the new count. */
    public static int fill(GraphConnection connection, int stored, int target) {
        try (Session session = connection.session()) {
            while (stored < target) {
                List<String> sids = new ArrayList<>();
                for (int k = 0; k < 200 && stored < target; k++, stored++) sids.add("filler-" + stored);
                session.executeWrite(tx -> tx.run(FILL, Map.of("sids", sids)).consume());
            }
        }
        return stored;
    }
}
