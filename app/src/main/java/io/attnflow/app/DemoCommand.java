package io.attnflow.app;

import io.attnflow.api.ApiSettings;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow demo}: ingests the bundled demo corpus with two bundled models of the same architecture and
 * tokenizer (so they can be compared), unless they hold it already, then serves the UI and the API.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Ingest the demo corpus with bge-small-en and bge-small-en-v1.5 (once), then serve the UI and API.")
final class DemoCommand implements Callable<Integer> {
    /** Two bundled models with the same tokenizer and shape: the compare views have something to compare. */
    static final List<String> MODELS = List.of("bge-small-en", "bge-small-en-v1.5");

    static final String CORPUS_RESOURCE = "/demo/corpus.tsv";
    static final int BATCH = 8;

    @Mixin
    GraphOptions graph;

    @Mixin
    ServerOptions server;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<SentenceInput> corpus = demoCorpus();
        ApiSettings settings = server.settings(); // a refused --host fails here, before minutes of ingest
        try (GraphConnection connection = graph.open()) {
            out.println("graph: " + connection.description());
            ensureIngested(connection, corpus, out);
            return Serving.serveUntilStopped(connection, settings, out);
        }
    }

    /** Ingests, for each demo model, the demo sentences it does not hold yet (none on the second run). */
    static void ensureIngested(GraphConnection connection, List<SentenceInput> corpus, PrintWriter out) {
        GraphWriter writer = new GraphWriter(connection, StoredWeights.DEFAULT_FLOOR);
        try (CatalogIngestor ingestor =
                new CatalogIngestor(ModelCatalog.standard(), connection, StoredWeights.DEFAULT_FLOOR)) {
            for (String model : MODELS) {
                Set<String> stored = writer.completedSentences(model);
                List<SentenceInput> todo =
                        corpus.stream().filter(s -> !stored.contains(s.id())).toList();
                if (todo.isEmpty()) {
                    out.printf("%s: the %d demo sentences are stored already%n", model, corpus.size());
                    out.flush();
                    continue;
                }
                long start = System.nanoTime();
                for (int i = 0; i < todo.size(); i += BATCH) {
                    ingestor.ingest(model, todo.subList(i, Math.min(todo.size(), i + BATCH)));
                    out.printf(
                            "\r%s: %d/%d demo sentences ingested",
                            model, Math.min(todo.size(), i + BATCH), todo.size());
                    out.flush();
                }
                out.printf(" (%.1f s)%n", (System.nanoTime() - start) / 1e9);
                out.flush();
            }
        }
    }

    /**
     * The demo corpus: the bundled resource, or demo/corpus.tsv when run from the repository, read by
     * {@link CorpusReader}'s TSV rules; every sentence is recorded under the corpus name {@code demo}.
     */
    static List<SentenceInput> demoCorpus() {
        List<CorpusEntry> entries;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(open(), StandardCharsets.UTF_8))) {
            entries = CorpusReader.read(in, Path.of("corpus.tsv"), CorpusReader.Format.TSV, "demo");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo corpus: " + e.getMessage(), e);
        }
        List<SentenceInput> out = new ArrayList<>();
        for (CorpusEntry e : entries) {
            if (e instanceof CorpusEntry.Malformed m) {
                throw new IllegalStateException("the bundled demo corpus is malformed at " + m.message());
            }
            out.add(((CorpusEntry.Sentence) e).input());
        }
        return out;
    }

    private static InputStream open() throws IOException {
        InputStream in = DemoCommand.class.getResourceAsStream(CORPUS_RESOURCE);
        if (in != null) return in;
        Path file = Path.of("demo", "corpus.tsv");
        if (Files.isRegularFile(file)) return Files.newInputStream(file);
        throw new IOException("neither the classpath resource " + CORPUS_RESOURCE + " nor " + file.toAbsolutePath()
                + " exists; run from the repository or rebuild the app");
    }
}
