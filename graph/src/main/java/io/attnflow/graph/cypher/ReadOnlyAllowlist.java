package io.attnflow.graph.cypher;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The procedures and namespaced functions an analyst's query may call: Neo4j's own read-only built-ins that
 * describe the graph or compute values. Everything else is refused, because a procedure or plug-in function
 * (dbms.*, tx.*, apoc.*, a plug-in of an external server) can read or change more than the graph, and its planner
 * type says nothing about that. This project installs no procedures of its own; of Graph Data Science (the head
 * graph) only the stream and catalogue-listing procedures are allowed, which read the in-memory projection and
 * change nothing: never write, mutate, project or drop (docs/DESIGN.md, The head graph).
 */
final class ReadOnlyAllowlist {
    /** Read-only procedures that list the graph's labels, types, keys and schema. */
    static final Set<String> PROCEDURES = Set.of(
            "db.labels",
            "db.relationshiptypes",
            "db.propertykeys",
            "db.schema.visualization",
            "db.schema.nodetypeproperties",
            "db.schema.reltypeproperties",
            "gds.louvain.stream",
            "gds.leiden.stream",
            "gds.modularity.stream",
            "gds.pagerank.stream",
            "gds.degree.stream",
            "gds.betweenness.stream",
            "gds.graph.exists",
            "gds.graph.list");

    /** Namespaces of built-in functions that only compute values (temporal, spatial, vector). */
    static final List<String> FUNCTION_NAMESPACES = List.of(
            "point.", "date.", "datetime.", "localdatetime.", "localtime.", "time.", "duration.", "vector.similarity.");

    /** Single built-in namespaced functions outside those namespaces. */
    static final Set<String> FUNCTIONS = Set.of("db.namefromelementid", "gds.util.asnode");

    private ReadOnlyAllowlist() {}

    static boolean procedure(String name) {
        return PROCEDURES.contains(name.toLowerCase(Locale.ROOT));
    }

    static boolean function(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return FUNCTIONS.contains(n) || FUNCTION_NAMESPACES.stream().anyMatch(n::startsWith);
    }

    /** The list for a refusal message. */
    static String procedures() {
        return String.join(
                ", ",
                List.of(
                        "db.labels",
                        "db.relationshipTypes",
                        "db.propertyKeys",
                        "db.schema.visualization",
                        "db.schema.nodeTypeProperties",
                        "db.schema.relTypeProperties",
                        "gds.louvain.stream",
                        "gds.leiden.stream",
                        "gds.modularity.stream",
                        "gds.pageRank.stream",
                        "gds.degree.stream",
                        "gds.betweenness.stream",
                        "gds.graph.exists",
                        "gds.graph.list"));
    }
}
