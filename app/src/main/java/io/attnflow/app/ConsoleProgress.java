package io.attnflow.app;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The one way long commands report progress: a progress bar (with its ETA) on a terminal, otherwise a line every
 * 10%, so that logs of a piped or backgrounded run stay short. Used by ingest, finetune and heads build.
 */
final class ConsoleProgress implements AutoCloseable {
    private final PrintWriter err;
    private final ProgressBar progressBar;
    private int lastDecile;

    private ConsoleProgress(PrintWriter err, ProgressBar progressBar) {
        this.err = err;
        this.progressBar = progressBar;
    }

    /**
     * @param bar   draw a bar (a terminal and no {@code --no-progress}); otherwise print lines
     * @param task  the bar's name, e.g. {@code ingest}
     * @param unit  what is counted, e.g. {@code " sent"}
     * @param total the number of steps
     * @param speed show the steps per second on the bar
     */
    static ConsoleProgress start(PrintWriter err, boolean bar, String task, String unit, long total, boolean speed) {
        if (!bar || total <= 0) return new ConsoleProgress(err, null);
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, 1)
                .setUpdateIntervalMillis(250);
        if (speed) b.showSpeed().setSpeedUnit(ChronoUnit.SECONDS);
        return new ConsoleProgress(err, b.build());
    }

    /**
     * Moves to {@code done} of {@code total}: the bar shows {@code extra}; without a bar, the first call in each
     * new tenth prints {@code line}.
     */
    void stepTo(long done, long total, String extra, Supplier<String> line) {
        if (progressBar != null) {
            progressBar.stepTo(done);
            if (extra != null) progressBar.setExtraMessage(extra);
        } else if (total > 0 && done * 10 / total > lastDecile) {
            lastDecile = (int) (done * 10 / total);
            err.println(line.get());
            err.flush();
        }
    }

    /** A status line: beside the bar when there is one, else on a line of its own. */
    void message(String line) {
        if (progressBar != null) progressBar.setExtraMessage(line);
        else {
            err.println(line);
            err.flush();
        }
    }

    /** Shows {@code line} beside the bar, when there is one (the caller prints it too, for the log). */
    void show(String line) {
        if (progressBar != null) progressBar.setExtraMessage(line);
    }

    @Override
    public void close() {
        if (progressBar != null) progressBar.close();
    }

    /**
     * A count of sentences whose total is known only when the work reports its first step ({@code heads build},
     * {@code backfill-reach}): the bar starts then. Lines read "task: done/total sentences".
     */
    static Sentences sentences(PrintWriter err, boolean bar, String task) {
        return new Sentences(err, bar, task);
    }

    /** See {@link #sentences}. */
    static final class Sentences implements AutoCloseable {
        private final PrintWriter err;
        private final boolean bar;
        private final String task;
        private ConsoleProgress progress;

        private Sentences(PrintWriter err, boolean bar, String task) {
            this.err = err;
            this.bar = bar;
            this.task = task;
        }

        /** {@code done} of {@code total} sentences are done. */
        void step(long done, long total) {
            if (progress == null) progress = start(err, bar, task, " sent", total, true);
            progress.stepTo(done, total, null, () -> task + ": " + done + "/" + total + " sentences");
        }

        @Override
        public void close() {
            if (progress != null) progress.close();
        }
    }
}
