package io.attnflow.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code attnflow} command line: one executable for every part of Attention Flows. */
@Command(
        name = "attnflow",
        mixinStandardHelpOptions = true,
        version = "attnflow 0.1.0",
        description = "Explore, trace and compare the attention of BERT-family language models in a graph.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ModelsCommand.class,
            AttentionCommand.class,
            TraceCommand.class,
            BenchQueriesCommand.class,
            IngestCommand.class,
            BenchIngestCommand.class,
            CypherCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            FinetuneCommand.class,
            CorpusCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        return cli;
    }
}
