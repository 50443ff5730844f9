package io.attnflow.app;

import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.ClsReachBackfill;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow backfill-reach}: the stored {@code [CLS]} reach (docs/DATA_MODEL.md) for runs ingested before ingest
 * wrote it, which the {@code analyst_*} queries that read it need.
 */
@Command(
        name = "backfill-reach",
        mixinStandardHelpOptions = true,
        description = {
            "Compute the stored [CLS] reach (Token.clsReach, HeadStat.clsReach) of every run ingested without it, from"
                    + " the stored attention. Resumable and idempotent: one transaction per batch of sentences; a"
                    + " second run finds nothing to do.",
            "Example: attnflow backfill-reach --data-dir DIR"
        })
final class BackfillReachCommand implements Callable<Integer> {
    @Option(
            names = "--batch",
            defaultValue = "" + ClsReachBackfill.DEFAULT_BATCH,
            description = "sentences per transaction (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--all", description = "recompute every run, not only those without the values")
    boolean all;

    @Option(names = "--no-progress", description = "print a line every 10% instead of a progress bar")
    boolean noProgress;

    @Mixin
    GraphOptions graph;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OptionCheck.atLeast(spec, "--batch", batch, 1);
        PrintWriter err = spec.commandLine().getErr();
        ClsReachBackfill.Result r;
        try (GraphConnection connection = graph.open()) {
            try (ConsoleProgress.Sentences progress =
                    ConsoleProgress.sentences(err, !noProgress && System.console() != null, "reach")) {
                r = new ClsReachBackfill(connection, batch).run(all, progress::step);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                Locale.ROOT,
                "[CLS] reach written for %d runs in %.1f s%s%n",
                r.runs(),
                r.millis() / 1000.0,
                r.runs() == 0 ? " (every run already had it)" : "");
        out.flush();
        return 0;
    }
}
