package io.attnflow.bench;

import io.attnflow.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code attnflow-bench}: the benchmark commands that BENCHMARKS.md cites, outside the production jar. */
@Command(
        name = "attnflow-bench",
        mixinStandardHelpOptions = true,
        versionProvider = BenchMain.VersionProvider.class,
        description = "Benchmarks of Attention Flows (see BENCHMARKS.md).",
        subcommands = {CommandLine.HelpCommand.class, BenchIngestCommand.class, BenchQueriesCommand.class})
public final class BenchMain {

    /** The Maven project version, as {@code attnflow --version} shows it. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"attnflow-bench " + Version.CURRENT};
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
