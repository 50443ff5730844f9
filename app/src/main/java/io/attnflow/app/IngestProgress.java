package io.attnflow.app;

import io.attnflow.graph.write.WriteStats;
import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress of an ingest ({@code attnflow ingest} and the demo): a progress bar on a terminal, otherwise a line
 * every 10%. Skips are always reported with file:line.
 */
final class IngestProgress implements IngestPipeline.Listener, AutoCloseable {
    private final PrintWriter err;
    private final boolean bar;
    private ProgressBar progressBar;
    private int total, done, lastDecile;

    IngestProgress(PrintWriter err, boolean bar) {
        this.err = err;
        this.bar = bar;
    }

    @Override
    public void started(int toWrite, int alreadyStored) {
        total = toWrite;
        if (alreadyStored > 0) err.println(alreadyStored + " sentences are already stored (use --force to re-write)");
        err.flush();
        if (bar && toWrite > 0) {
            progressBar = new ProgressBarBuilder()
                    .setTaskName("ingest")
                    .setInitialMax(toWrite)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" sent", 1)
                    .showSpeed()
                    .setSpeedUnit(ChronoUnit.SECONDS)
                    .setUpdateIntervalMillis(250)
                    .build();
        }
    }

    @Override
    public void written(WriteStats stats) {
        done++;
        if (progressBar != null) {
            progressBar.step();
        } else if (total > 0 && done * 10 / total > lastDecile) {
            lastDecile = done * 10 / total;
            err.println("ingest: " + done + "/" + total + " sentences");
            err.flush();
        }
    }

    @Override
    public void skipped(String where, String reason) {
        String line = "skipped " + where + ": " + reason;
        if (progressBar != null) progressBar.setExtraMessage(line);
        err.println(line);
        err.flush();
    }

    @Override
    public void close() {
        if (progressBar != null) progressBar.close();
    }
}
