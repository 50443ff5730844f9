package io.attnflow.graph.query;

import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.trace.TracePlan;
import io.attnflow.graph.cypher.CypherResult;
import io.attnflow.graph.cypher.ReadOnlyCypher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Catalogue queries run by name (the analysts' {@code analyst_*} files, and any other file with its raw columns),
 * through {@link ReadOnlyCypher}: refused unless read-only, run in a read transaction with its timeout and row
 * limit. τ is checked against the floor of every model the parameters name before the query runs; the files
 * themselves only guard with {@code WHERE}, so in Neo4j Browser a τ below the floor gives no rows.
 */
public final class NamedQueries {
    private final QueryRunner runner;
    private final ReadOnlyCypher cypher;

    NamedQueries(QueryRunner runner, ReadOnlyCypher cypher) {
        this.runner = runner;
        this.cypher = cypher;
    }

    /**
     * Runs a catalogue query by name; parameters the query lists but the map lacks are passed as null (the queries
     * read null as "default").
     *
     * @throws io.attnflow.core.query.UnknownQueryException for a name not in the catalogue
     * @throws io.attnflow.core.query.InvalidQueryException for τ outside [floor, 1] of a model it names
     * @throws InvalidInputException for a query reading the stored [CLS] reach of a model with runs not yet backfilled
     * @throws io.attnflow.graph.cypher.CypherQueryException when the query fails or runs out of time
     */
    public QueryRows run(String name, Map<String, Object> parameters) {
        QueryCatalogue.Query q = runner.catalogue().get(name);
        Map<String, Object> params = new HashMap<>();
        for (String p : q.parameters()) params.put(p, null);
        if (parameters != null) params.putAll(parameters);
        checkTau(params);
        if (q.text().contains("clsReach")) checkClsReachStored(q.text(), params);
        CypherResult result = cypher.run(q.text(), params);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int c = 0; c < result.columns().size(); c++)
                m.put(result.columns().get(c), row.get(c));
            rows.add(m);
        }
        return new QueryRows(name, result.columns(), rows, result.truncated());
    }

    /** The analyst queries: catalogue files named {@code analyst_*}. */
    public List<QueryCatalogue.Query> analystQueries() {
        return runner.catalogue().all().values().stream()
                .filter(q -> q.name().startsWith("analyst_"))
                .toList();
    }

    /**
     * Refuses a query that reads the stored [CLS] reach when a model it reads has runs ingested before it was stored:
     * there it would silently count those runs' traces as empty. The models it reads are those its parameters name
     * ({@link #MODEL_PARAMETERS}) and, for a query that follows {@code FINE_TUNED_FROM} (analyst_checkpoint_cls_reach),
     * the models fine-tuned from them; a query naming no model is checked against every run.
     *
     * @throws InvalidInputException naming the command that writes the values
     */
    private void checkClsReachStored(String text, Map<String, Object> params) {
        List<String> models = new ArrayList<>();
        for (String key : MODEL_PARAMETERS) if (params.get(key) instanceof String m) models.add(m);
        CypherResult missing = models.isEmpty()
                ? cypher.run(MISSING_CLS_REACH, Map.of())
                : cypher.run(
                        text.contains("FINE_TUNED_FROM") ? MISSING_CLS_REACH_WITH_FINE_TUNES : MISSING_CLS_REACH_OF,
                        Map.of("models", models));
        if (!missing.rows().isEmpty()) {
            throw new InvalidInputException(
                    "runs of model " + missing.rows().get(0).get(0) + " were ingested before"
                            + " the [CLS] reach was stored (Token.clsReach, HeadStat.clsReach): run `attnflow backfill-reach"
                            + " --data-dir DIR` (or with --neo4j-uri) once, then this query again");
        }
    }

    /** The parameters by which catalogue queries name models. */
    private static final List<String> MODEL_PARAMETERS = List.of("model", "modelA", "modelB");

    private static final String MISSING_CLS_REACH =
            "MATCH (r:Run) WHERE r.clsReachStored IS NULL RETURN r.model AS model LIMIT 1";

    private static final String MISSING_CLS_REACH_OF =
            "UNWIND $models AS m MATCH (r:Run {model: m}) WHERE r.clsReachStored IS NULL RETURN r.model AS model LIMIT 1";

    private static final String MISSING_CLS_REACH_WITH_FINE_TUNES =
            """
            UNWIND $models AS id
            OPTIONAL MATCH (f:Model)-[:FINE_TUNED_FROM]->(:Model {id: id})
            WITH collect(id) + collect(f.id) AS ids
            UNWIND ids AS m
            MATCH (r:Run {model: m}) WHERE r.clsReachStored IS NULL
            RETURN r.model AS model LIMIT 1""";

    private void checkTau(Map<String, Object> params) {
        if (!(params.get("tau") instanceof Number tau)) return;
        for (String key : MODEL_PARAMETERS) {
            if (params.get(key) instanceof String model) {
                TracePlan.checkTau(tau.doubleValue(), runner.modelShape(model).floor(), model);
            }
        }
    }
}
