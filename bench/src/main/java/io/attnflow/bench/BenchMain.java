package io.attnflow.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code attnflow-bench}: the benchmark commands that BENCHMARKS.md cites, outside the production jar. */
@Command(
        mixinStandardHelpOptions = true,
        name = "attnflow-bench",
        description = "Benchmarks of Attention Flows (see BENCHMARKS.md).",
        subcommands = {
            CommandLine.HelpCommand.class,
            BenchIngestCommand.class,
            BenchQueriesCommand.class,
            BenchAttentionFlowCommand.class,
            BenchScaleCommand.class,
            BenchHeadsCommand.class,
            BenchAnalystCommand.class,
            BenchMetricsCommand.class
        })
public final class BenchMain {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
