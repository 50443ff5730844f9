package io.attnflow.api.routes;

import io.attnflow.api.error.ApiErrors;
import io.attnflow.api.error.ErrorResponse;
import io.javalin.http.Context;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/health}: 200 once the database answers, 503 while it is busy (reachable, but no answer within
 * the budget) or down (unreachable); plus JVM figures for ops.
 */
public final class HealthController {
    /** How the database answered the health probe. */
    public enum DatabaseStatus {
        UP,
        BUSY,
        DOWN
    }

    private final Supplier<DatabaseStatus> database;
    private final String version;

    /** @param database how the database answers now (within a short budget) */
    public HealthController(Supplier<DatabaseStatus> database, String version) {
        this.database = database;
        this.version = version;
    }

    /**
     * The health report.
     *
     * @param status        {@code ok}
     * @param database      {@code up}
     * @param version       the application version
     * @param heapUsedBytes JVM heap in use
     * @param heapMaxBytes  JVM heap limit
     * @param threads       live JVM threads
     * @param uptimeSeconds seconds since the JVM started
     */
    public record Health(
            String status,
            String database,
            String version,
            long heapUsedBytes,
            long heapMaxBytes,
            int threads,
            long uptimeSeconds) {}

    public void health(Context ctx) {
        DatabaseStatus status = database.get();
        if (status != DatabaseStatus.UP) {
            boolean busy = status == DatabaseStatus.BUSY;
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("database", busy ? "busy" : "down");
            ApiErrors.send(
                    ctx,
                    new ErrorResponse(
                            503,
                            busy ? "database_busy" : "database_unavailable",
                            busy
                                    ? "the Neo4j database is reachable but did not answer within a second: every"
                                            + " connection is taken or queries are slow; retry shortly"
                                    : "the Neo4j database cannot be reached; the API serves again as soon as it is"
                                            + " back",
                            details));
            return;
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ctx.json(new Health(
                "ok",
                "up",
                version,
                heap.getUsed(),
                heap.getMax(),
                ManagementFactory.getThreadMXBean().getThreadCount(),
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000));
    }
}
