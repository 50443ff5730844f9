package io.attnflow.app;

import io.attnflow.core.headgraph.HeadGraphBuilder;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.heads.HeadGraphService;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attnflow heads build}: the head similarity graph of stored models (docs/DATA_MODEL.md, The head graph). */
@Command(
        name = "heads",
        mixinStandardHelpOptions = true,
        description = "The head graph: heads that behave alike, within and across models.",
        subcommands = {HeadsCommand.Build.class})
final class HeadsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(
            name = "build",
            mixinStandardHelpOptions = true,
            description = {
                "Build the head graph from the stored attention: Head nodes with Kovaleva patterns, SIMILAR edges to"
                        + " each head's k nearest heads by Clark et al.'s Jensen-Shannon divergence, and GDS Louvain"
                        + " communities (Head.community). Replaces the previous head graph.",
                "Example: attnflow heads build --model bge-small-en --model bge-small-en-v1.5 --corpus demo"
            })
    static final class Build implements Callable<Integer> {
        @Option(
                names = "--model",
                required = true,
                paramLabel = "ID",
                description = "a stored model; repeat it to put several models in one graph (compared on the"
                        + " sentences both hold)")
        List<String> models = new ArrayList<>();

        @Option(names = "--corpus", paramLabel = "NAME", description = "only the sentences of this corpus")
        String corpus;

        @Option(
                names = "--k",
                defaultValue = "" + HeadGraphBuilder.DEFAULT_K,
                description = "neighbours kept per head (default: ${DEFAULT-VALUE})")
        int k;

        @Mixin
        GraphOptions graph;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            HeadGraphService.BuildResult r;
            try (GraphConnection connection = graph.open();
                    BuildProgress progress = new BuildProgress(err, System.console() != null)) {
                r = new HeadGraphService(connection).build(models, blankToNull(corpus), k, progress);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf(
                    Locale.ROOT,
                    "head graph of %s%s: %d heads, %d SIMILAR edges (k=%d) over %d sentences; %d communities,"
                            + " modularity %.4f; patterns %s; %.1f s%n",
                    String.join(" + ", r.models()),
                    r.corpus() == null ? "" : " (corpus " + r.corpus() + ")",
                    r.heads(),
                    r.edges(),
                    r.k(),
                    r.sentences(),
                    r.communities(),
                    r.modularity(),
                    r.patterns(),
                    r.millis() / 1000.0);
            out.flush();
            return 0;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }

    /** A progress bar over the sentences on a terminal, else a line every 10%. */
    static final class BuildProgress implements HeadGraphBuilder.Progress, AutoCloseable {
        private final ConsoleProgress.Sentences progress;

        BuildProgress(PrintWriter err, boolean bar) {
            progress = ConsoleProgress.sentences(err, bar, "heads");
        }

        @Override
        public void sentenceDone(int done, int total) {
            progress.step(done, total);
        }

        @Override
        public void close() {
            progress.close();
        }
    }
}
