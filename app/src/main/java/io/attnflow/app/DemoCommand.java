package io.attnflow.app;

import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code attnflow demo}: serves the UI and the API at once; in the background it ingests the bundled demo corpus
 * with two bundled models of the same architecture and tokenizer (so they can be compared), unless they hold it
 * already, then makes the pretrained-vs-fine-tuned pair ({@link DemoFineTune}) unless {@code --no-finetune}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Serve the UI and API at once; in the background ingest the demo corpus with bge-small-en and"
                    + " bge-small-en-v1.5 (once), then fine-tune all-minilm-l6-v2 on the LanguageTool corpus (first"
                    + " run only, about 5 minutes on 2 cores; cached in DATA_DIR/finetune) and ingest it, its"
                    + " checkpoints and its base on held-out sentences.",
            "The new models appear in /api/models (and the UI) when ready."
        })
final class DemoCommand extends ServingCommand {
    @Option(
            names = "--no-finetune",
            description = "skip the fine-tune: only the two bundled bge models on the demo corpus")
    boolean noFinetune;
    /** Two bundled models with the same tokenizer and shape: the compare views have something to compare. */
    static final List<String> MODELS = List.of("bge-small-en", "bge-small-en-v1.5");

    static final String CORPUS_RESOURCE = "/demo/corpus.tsv";

    /** What the shared ingest progress suggests when sentences are stored already. */
    @Option(names = "--force", description = "re-ingest the demo sentences that are already stored")
    boolean force;

    @Override
    public Integer call() {
        List<SentenceInput> corpus = demoCorpus();
        PrintWriter out = spec.commandLine().getOut();
        DemoFineTune fineTune = noFinetune
                ? null
                : new DemoFineTune(graph.dataDir().resolve("finetune"), DemoFineTune.Budget.DEMO, out);
        // a refused --host fails before anything starts; the server then starts while the background job runs
        return Serving.serve(graph, server, out, connection -> inBackground(connection, corpus, force, fineTune, out));
    }

    /** Starts the demo's ingest (and fine-tune) on a daemon thread: the server does not wait for it. */
    static Thread inBackground(
            GraphConnection connection,
            List<SentenceInput> corpus,
            boolean force,
            DemoFineTune fineTune,
            PrintWriter out) {
        Thread job = new Thread(
                () -> {
                    try {
                        ensureIngested(connection, corpus, force, out);
                        if (fineTune != null) fineTune.run(connection);
                    } catch (Exception e) { // the server keeps serving what is stored; one line says why
                        synchronized (out) {
                            out.println("demo: stopped: " + (e.getMessage() == null ? e : e.getMessage()));
                            out.flush();
                        }
                    }
                },
                "attnflow-demo-ingest");
        job.setDaemon(true); // Ctrl-C stops it: each sentence is one transaction, the fine-tune works in staging
        job.start();
        return job;
    }

    /**
     * Ingests, for each demo model, the demo sentences it does not hold yet (none on the second run), through the
     * same pipeline as {@code attnflow ingest}: resumable, with its progress bar and disk-space check. With
     * {@code force}, every demo sentence is written again.
     */
    static void ensureIngested(GraphConnection connection, List<SentenceInput> corpus, boolean force, PrintWriter out) {
        List<CorpusEntry> entries = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i++) {
            entries.add(new CorpusEntry.Sentence(Path.of("corpus.tsv"), i + 1, corpus.get(i)));
        }
        IngestPipeline.Options options = new IngestPipeline.Options(
                StoredWeights.DEFAULT_FLOOR, GraphWriter.DEFAULT_BATCH, force, IngestPipeline.OnError.fail);
        for (String model : MODELS) {
            try (AttentionModel m = ModelCatalog.standard().open(model, LoadOptions.defaults());
                    IngestProgress progress = new IngestProgress(out, false)) { // lines: the server prints too
                IngestPipeline.Summary s = new IngestPipeline(connection, m, options, progress).run(entries);
                out.println(IngestCommand.summaryLine(model, s));
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
