package io.attnflow.app;

import io.attnflow.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code attnflow} command line: one executable for every part of Attention Flows. */
@Command(
        name = "attnflow",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Explore, trace and compare the attention of BERT-family language models in a graph.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ModelsCommand.class,
            AttentionCommand.class,
            TraceCommand.class,
            IngestCommand.class,
            CypherCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            FinetuneCommand.class,
            CorpusCommand.class,
            HeadsCommand.class,
            BackfillReachCommand.class
        })
public final class Main {

    /** {@code attnflow --version}: the Maven project version ({@link Version}). */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"attnflow " + Version.CURRENT};
        }
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        UserErrorHandler errors = new UserErrorHandler();
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }
}
