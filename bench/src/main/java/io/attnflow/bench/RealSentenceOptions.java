package io.attnflow.bench;

import io.attnflow.ingest.AttentionModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of the benchmarks that time per-sentence work on real attention ({@code bench-metrics}, {@code
 * bench-attention-flow}): which model, how many sentences per length, and the corpus whose words the sentences are
 * cut from ({@link BenchWords}); plus the run line every such benchmark prints first. A picocli mixin, so that the
 * commands declare these once.
 */
final class RealSentenceOptions {
    @Option(names = "--model", defaultValue = "bge-small-en-v1.5", description = "model id (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--sentences", defaultValue = "5", description = "sentences per length (default: ${DEFAULT-VALUE})")
    int sentences;

    @Option(names = "--corpus", defaultValue = "demo/corpus.tsv", description = "where the words come from")
    Path corpus;

    /** The run's first line: model, sentences per length, cores, load average and time. */
    void printRunLine(PrintWriter out, AttentionModel m) {
        out.printf(
                Locale.ROOT,
                "model %s, %d sentences per length, %d cores, load average %s, %s%n",
                m.info().id(),
                sentences,
                Runtime.getRuntime().availableProcessors(),
                loadAverage(),
                Instant.now());
    }

    /** The machine's /proc/loadavg line, printed with every benchmark's figures. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
