package io.attnflow.graph.heads;

import java.util.List;
import org.neo4j.exceptions.KernelException;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * The Neo4j Graph Data Science procedures the head graph uses, registered in an embedded store. A server reads them
 * from its plugins folder; an embedded store loads no plugins folder, so they are registered by class here. Only the
 * classes listed are registered: the catalogue calls (project, drop, exists, list), Louvain and Leiden, modularity,
 * three centralities and {@code gds.util.asNode}. Which of them an analyst may call is decided elsewhere, by the read-only runner's allowlist.
 */
public final class GdsProcedures {
    /** The procedure classes, by their GDS 2.13 names. */
    static final List<String> CLASSES = List.of(
            "org.neo4j.gds.catalog.GraphProjectProc",
            "org.neo4j.gds.catalog.GraphDropProc",
            "org.neo4j.gds.catalog.GraphExistsProc",
            "org.neo4j.gds.catalog.GraphListProc",
            "org.neo4j.gds.louvain.LouvainStreamProc",
            "org.neo4j.gds.louvain.LouvainWriteProc",
            "org.neo4j.gds.louvain.LouvainStatsProc",
            "org.neo4j.gds.leiden.LeidenStreamProc",
            "org.neo4j.gds.modularity.ModularityStreamProc",
            "org.neo4j.gds.modularity.ModularityStatsProc",
            "org.neo4j.gds.pagerank.PageRankStreamProc",
            "org.neo4j.gds.degree.DegreeCentralityStreamProc",
            "org.neo4j.gds.betweenness.BetweennessCentralityStreamProc");

    /** The GDS functions the analyst queries use. */
    static final List<String> FUNCTIONS = List.of("org.neo4j.gds.functions.AsNodeFunc");

    /** JOL's switch for the HotSpot Serviceability Agent attach that GDS's memory estimates would otherwise try. */
    static final String SKIP_SA_ATTACH = "jol.skipHotspotSAAttach";

    static {
        // GDS sizes its projections with JOL, whose first use starts a child JVM that attaches to this one with the
        // Serviceability Agent; on a loaded machine that child was seen to hang a projection for over nine minutes
        // (docs/DESIGN.md, The head graph). Without it JOL falls back to its own estimates.
        if (System.getProperty(SKIP_SA_ATTACH) == null) System.setProperty(SKIP_SA_ATTACH, "true");
    }

    private GdsProcedures() {}

    /** The function classes, loaded (for neo4j-harness's {@code withFunction}). */
    public static List<Class<?>> functions() {
        return FUNCTIONS.stream().map(GdsProcedures::load).toList();
    }

    /** The classes, loaded (for neo4j-harness's {@code withProcedure}). */
    public static List<Class<?>> classes() {
        return CLASSES.stream().map(GdsProcedures::load).toList();
    }

    /** Registers the procedures in an embedded database. */
    public static void register(GraphDatabaseService db) {
        GlobalProcedures procedures =
                ((GraphDatabaseAPI) db).getDependencyResolver().resolveDependency(GlobalProcedures.class);
        for (Class<?> c : classes()) {
            try {
                procedures.registerProcedure(c);
            } catch (KernelException e) {
                throw new IllegalStateException(
                        "cannot register the GDS procedures of " + c.getName() + ": " + e.getMessage(), e);
            }
        }
        for (Class<?> c : functions()) {
            try {
                procedures.registerFunction(c);
            } catch (KernelException e) {
                throw new IllegalStateException(
                        "cannot register the GDS procedures of " + c.getName() + ": " + e.getMessage(), e);
            }
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the Graph Data Science jar is not on the classpath: " + name, e);
        }
    }
}
