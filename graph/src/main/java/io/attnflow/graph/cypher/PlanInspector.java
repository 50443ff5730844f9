package io.attnflow.graph.cypher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neo4j.driver.summary.Plan;
import org.neo4j.driver.summary.ProfiledPlan;
import org.neo4j.driver.summary.QueryType;
import org.neo4j.driver.summary.ResultSummary;

/**
 * The second look, at what Neo4j plans to do (EXPLAIN): refuses any plan that is not read-only, that reads files
 * or URLs ({@code LoadCSV}), calls a procedure outside {@link ReadOnlyAllowlist}, or runs an admin or transaction
 * command. The text checks ({@link QueryTextRules}) catch these first; this catches what they might miss.
 */
final class PlanInspector {
    /** Operators refused by name prefix (without the {@code @neo4j} runtime suffix). */
    private static final List<String> REFUSED_PREFIXES = List.of(
            "LoadCSV",
            "Show",
            "Terminate",
            "Create",
            "Drop",
            "Alter",
            "Grant",
            "Deny",
            "Revoke",
            "Start",
            "Stop",
            "Transaction",
            "SystemProcedureCall");

    private PlanInspector() {}

    /** @throws CypherQueryException naming the refused operator or procedure */
    static void check(ResultSummary explained) {
        QueryType type = explained.queryType();
        if (type != QueryType.READ_ONLY) {
            throw new CypherQueryException(
                    "refused: this query would change the graph (query type " + type + "). Queries here are"
                            + " read-only; use MATCH … RETURN (to change data, use Neo4j Browser or cypher-shell on the"
                            + " Bolt port)",
                    CypherQueryException.Kind.WRITE_REFUSED,
                    null);
        }
        if (explained.hasPlan()) walk(explained.plan());
    }

    private static void walk(Plan plan) {
        String op = operator(plan);
        for (String prefix : REFUSED_PREFIXES) {
            if (op.startsWith(prefix)) {
                throw CypherQueryException.refused("refused: the plan holds " + op
                        + (op.startsWith("LoadCSV") ? ", which reads files and URLs, not the graph" : "")
                        + "; queries here may only read the graph");
            }
        }
        if (op.contains("ProcedureCall")) {
            String name = procedureName(plan);
            if (name == null || !ReadOnlyAllowlist.procedure(name)) {
                throw CypherQueryException.refused("refused: the procedure " + (name == null ? "?" : name)
                        + " may not be called here; the read-only procedures allowed are "
                        + ReadOnlyAllowlist.procedures());
            }
        }
        for (Plan child : plan.children()) walk(child);
    }

    private static String operator(Plan plan) {
        String op = plan.operatorType();
        int at = op.indexOf('@');
        return at < 0 ? op : op.substring(0, at);
    }

    /** The procedure's name from the operator's details, e.g. {@code db.labels() :: (label :: STRING)}. */
    private static String procedureName(Plan plan) {
        Object details = plan.arguments().get("Details");
        String text =
                details == null ? "" : details.toString().replace("\"", "").trim();
        int paren = text.indexOf('(');
        String name = (paren < 0 ? text : text.substring(0, paren)).trim();
        return name.isEmpty() ? null : name.toLowerCase(Locale.ROOT);
    }

    /** The plan as plain maps for the answer: operator, details, identifiers, estimates (and measures when profiled). */
    static Map<String, Object> toMap(Plan plan) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operator", operator(plan));
        Map<String, Object> args = new LinkedHashMap<>();
        plan.arguments().forEach((k, v) -> args.put(k, v.asObject()));
        Object details = args.remove("Details");
        m.put("details", details == null ? "" : details.toString());
        m.put("identifiers", plan.identifiers());
        Object estimated = args.get("EstimatedRows");
        if (estimated != null) m.put("estimatedRows", estimated);
        if (plan instanceof ProfiledPlan p) {
            m.put("rows", p.records());
            m.put("dbHits", p.dbHits());
        }
        List<Map<String, Object>> children = new ArrayList<>();
        for (Plan child : plan.children()) children.add(toMap(child));
        m.put("children", children);
        return m;
    }
}
