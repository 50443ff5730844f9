package io.attnflow.app;

import io.attnflow.graph.write.WriteStats;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of an ingest ({@code attnflow ingest} and the demo): a progress bar on a terminal (sentences/s, ETA,
 * and per-head edges/s beside it), otherwise a line every 10% with the same figures. Skips are always reported with
 * file:line.
 */
final class IngestProgress implements IngestPipeline.Listener, AutoCloseable {
    private final PrintWriter err;
    private final boolean bar;
    private ConsoleProgress progress;
    private int total, done;
    private long edges, startNanos;

    IngestProgress(PrintWriter err, boolean bar) {
        this.err = err;
        this.bar = bar;
    }

    @Override
    public void started(int toWrite, int alreadyStored) {
        total = toWrite;
        startNanos = System.nanoTime();
        if (alreadyStored > 0) err.println(alreadyStored + " sentences are already stored (use --force to re-write)");
        err.flush();
        progress = ConsoleProgress.start(err, bar, "ingest", " sent", toWrite, true);
    }

    @Override
    public void written(WriteStats stats) {
        done++;
        edges += stats.edges();
        double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        progress.stepTo(
                done,
                total,
                String.format(Locale.ROOT, "%,.0f edges/s", edges / secs),
                () -> rateLine(done, total, edges, secs));
    }

    /** "ingest: 10/100 sentences, 2.5 sentences/s, 160,000 edges/s, ETA 36 s". */
    static String rateLine(int done, int total, long edges, double secs) {
        double perSecond = done / secs;
        return String.format(
                Locale.ROOT,
                "ingest: %d/%d sentences, %.1f sentences/s, %,.0f edges/s, ETA %s",
                done,
                total,
                perSecond,
                edges / secs,
                eta((total - done) / perSecond));
    }

    private static String eta(double secs) {
        long s = Math.round(secs);
        return s < 60
                ? s + " s"
                : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    @Override
    public void skipped(String where, String reason) {
        String line = "skipped " + where + ": " + reason;
        if (progress != null) progress.show(line);
        err.println(line);
        err.flush();
    }

    @Override
    public void close() {
        if (progress != null) progress.close();
    }
}
