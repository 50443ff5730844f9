package io.attnflow.api.routes;

import io.attnflow.api.error.ApiErrors;
import io.attnflow.api.error.ErrorResponse;
import io.javalin.http.Context;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** {@code GET /api/health}: 200 once the database answers, 503 while it does not; plus JVM figures for ops. */
public final class HealthController {
    private final BooleanSupplier databaseAnswers;
    private final String version;

    /** @param databaseAnswers true when the database answers now (within a short budget) */
    public HealthController(BooleanSupplier databaseAnswers, String version) {
        this.databaseAnswers = databaseAnswers;
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
        if (!databaseAnswers.getAsBoolean()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("database", "down");
            ApiErrors.send(
                    ctx,
                    new ErrorResponse(
                            503,
                            "database_unavailable",
                            "the Neo4j database does not answer; the API serves again as soon as it is back",
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
