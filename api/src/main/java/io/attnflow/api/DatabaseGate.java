package io.attnflow.api;

import io.attnflow.api.routes.HealthController.DatabaseStatus;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remembers that Neo4j is unreachable, so that requests during an outage answer 503 at once instead of each waiting
 * for the driver's retries, and probes in the background until the database answers again; then service resumes
 * by itself.
 */
final class DatabaseGate implements AutoCloseable {
    private static final long PROBE_PAUSE_MILLIS = 500;

    private final DatabaseProbe probe;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "attnflow-database-probe");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicReference<Future<?>> inFlight = new AtomicReference<>();
    private volatile boolean down;

    DatabaseGate(DatabaseProbe probe) {
        this.probe = probe;
    }

    /** True while the database is known to be unreachable. */
    boolean isDown() {
        return down;
    }

    /** A request found the database unreachable: close the gate until a probe succeeds. */
    void reportUnavailable() {
        down = true;
        startProbing();
    }

    /**
     * How the database answers within the budget (for the health endpoint): up; busy when the ping is still waiting
     * (all connections taken, or slow queries), which leaves the gate open; down when the ping failed, which closes
     * it. Health calls share one ping in flight, so a stuck database does not pile them up.
     */
    DatabaseStatus status(Duration budget) {
        if (down) return DatabaseStatus.DOWN;
        Future<?> ping = inFlight.updateAndGet(f -> f == null || f.isDone() ? prober.submit(probe::ping) : f);
        try {
            ping.get(budget.toMillis(), TimeUnit.MILLISECONDS);
            return DatabaseStatus.UP;
        } catch (ExecutionException e) {
            reportUnavailable();
            return DatabaseStatus.DOWN;
        } catch (TimeoutException e) {
            return DatabaseStatus.BUSY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DatabaseStatus.BUSY;
        }
    }

    private void startProbing() {
        if (!probing.compareAndSet(false, true)) return;
        prober.submit(() -> {
            try {
                while (down) {
                    try {
                        probe.ping();
                        down = false;
                    } catch (RuntimeException stillDown) {
                        Thread.sleep(PROBE_PAUSE_MILLIS);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                probing.set(false);
                if (down && !prober.isShutdown()) startProbing(); // reported again while the loop was ending
            }
        });
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
