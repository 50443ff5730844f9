package io.attnflow.app;

import io.attnflow.core.metrics.AttentionFlowPolicy;
import io.attnflow.core.model.StoredWeights;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.write.GraphWriter;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import io.attnflow.ingest.corpus.CorpusEntry;
import io.attnflow.ingest.corpus.CorpusReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attnflow ingest}: runs a model over a corpus and stores the attention graph. */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Run a model over a corpus (.txt, .tsv or .jsonl) and store tokens, attention edges, head behaviour and"
                    + " rollout in Neo4j; each transaction holds whole sentences, each with its Run node last.",
            "Sentences already stored for the model are skipped (use --force to re-write them), so an interrupted"
                    + " ingest is resumed by running it again."
        })
final class IngestCommand implements Callable<Integer> {
    @Option(
            names = "--model",
            required = true,
            split = ",",
            paramLabel = "ID",
            description = "model id or path (see `attnflow models`); repeat it (or separate by commas) for several."
                    + " A directory written by `attnflow finetune` stands for its base, each checkpoint (NAME@stepN)"
                    + " and the final model (NAME@final), linked by FINE_TUNED_FROM")
    List<String> model;

    @Option(
            names = "--corpus",
            required = true,
            paramLabel = "FILE",
            description = ".txt (one sentence per line),"
                    + " .tsv (text[<TAB>textB][<TAB>label]) or .jsonl ({\"text\",\"textB\",\"label\"})")
    Path corpus;

    @Option(
            names = "--floor",
            defaultValue = "" + StoredWeights.DEFAULT_FLOOR,
            description = "store every attention weight >= this (default: ${DEFAULT-VALUE}); traces are exact for"
                    + " any threshold at or above it. One floor per model.")
    double floor;

    @Option(
            names = "--batch",
            defaultValue = "" + GraphWriter.DEFAULT_BATCH,
            paramLabel = "N",
            description = "attention rows per write batch (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--force", description = "re-write sentences that are already stored")
    boolean force;

    @Option(
            names = "--on-error",
            defaultValue = "fail",
            paramLabel = "skip|fail",
            description = "a malformed line or a sentence the model cannot encode: fail (default; stops, naming"
                    + " file:line, before anything is written for malformed lines) or skip (reports file:line and"
                    + " goes on)")
    IngestPipeline.OnError onError;

    @Option(names = "--truncate", description = "cut sentences longer than the model's maximum instead of failing")
    boolean truncate;

    /** When attention flow (max-flow) is computed; its cost grows with n³ (docs/ATTENTION_FLOW.md, "The bound at ingest"). */
    enum AttentionFlowMode {
        auto,
        always,
        never
    }

    @Option(
            names = "--attention-flow",
            defaultValue = "auto",
            paramLabel = "auto|always|never",
            description = "compute attention flow (max-flow) for each sentence: auto (default) for sentences of at"
                    + " most --attention-flow-max-tokens tokens, always, or never")
    AttentionFlowMode attentionFlow;

    @Option(
            names = "--attention-flow-max-tokens",
            defaultValue = "" + AttentionFlowPolicy.DEFAULT_MAX_TOKENS,
            paramLabel = "N",
            description = "with --attention-flow auto: the longest sentence, in tokens, that gets it (default:"
                    + " ${DEFAULT-VALUE})")
    int attentionFlowMaxTokens;

    @Option(
            names = "--shard",
            paramLabel = "i/N",
            description = "ingest only shard i of N (0 <= i < N): the sentences whose id hashes to i mod N, so that N"
                    + " workers can ingest one corpus into the same server in parallel (docs/SCALING.md)")
    String shard;

    @Option(names = "--no-progress", negatable = false, description = "no progress bar (a line every 10%% instead)")
    boolean noProgress;

    @Mixin
    GraphOptions graph;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        OptionCheck.require(
                spec,
                floor >= 1.0 / StoredWeights.SCALE && floor < 1,
                "--floor must be between 0.0001 and 1, was " + floor);
        OptionCheck.atLeast(spec, "--batch", batch, 1);
        OptionCheck.atLeast(spec, "--attention-flow-max-tokens", attentionFlowMaxTokens, 0);
        PrintWriter err = spec.commandLine().getErr();
        Shard part = shard == null ? Shard.ALL : Shard.parse(shard);
        List<CorpusEntry> entries = part.of(CorpusReader.read(corpus));
        List<IngestTargets.Target> targets = IngestTargets.of(model);
        ModelCatalog catalog = ModelCatalog.standard();
        LoadOptions load = LoadOptions.defaults().withTruncate(truncate);
        try (GraphConnection connection = graph.open()) {
            err.println("graph: " + connection.description() + (part.count() > 1 ? "; shard " + part : ""));
            err.flush();
            for (IngestTargets.Target t : targets) {
                try (AttentionModel m = IngestTargets.open(t, targets, catalog, load)) {
                    IngestProgress progress = new IngestProgress(err, !noProgress && System.console() != null);
                    IngestPipeline.Summary s;
                    try {
                        s = new IngestPipeline(
                                        connection,
                                        m,
                                        new IngestPipeline.Options(floor, batch, force, onError),
                                        progress)
                                .withAttentionFlow(attentionFlowPolicy())
                                .run(entries);
                    } finally {
                        progress.close();
                    }
                    IngestTargets.link(connection, t);
                    spec.commandLine().getOut().println(summaryLine(m.info().id(), s));
                    spec.commandLine().getOut().flush();
                }
            }
            return 0;
        }
    }

    private AttentionFlowPolicy attentionFlowPolicy() {
        return switch (attentionFlow) {
            case auto -> new AttentionFlowPolicy(attentionFlowMaxTokens);
            case always -> AttentionFlowPolicy.always();
            case never -> AttentionFlowPolicy.never();
        };
    }

    static String summaryLine(String modelId, IngestPipeline.Summary s) {
        double secs = s.wallNanos() / 1e9;
        return String.format(
                Locale.ROOT,
                "ingested %d sentences for %s in %.1f s (%.1f sentences/s): %,d attention relationships, %,d per-head"
                        + " edges (%,.0f edges/s); forward passes %.1f s, graph writes %.1f s (overlapped); %d already"
                        + " stored, %d skipped",
                s.written(),
                modelId,
                secs,
                secs > 0 ? s.written() / secs : 0,
                s.rels(),
                s.edges(),
                secs > 0 ? s.edges() / secs : 0,
                s.forwardNanos() / 1e9,
                s.writeNanos() / 1e9,
                s.alreadyStored(),
                s.skipped());
    }
}
