package io.attnflow.app;

import io.attnflow.api.json.Json;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.query.NotFoundException;
import io.attnflow.core.query.UnknownSentenceException;
import io.attnflow.core.trace.Direction;
import io.attnflow.core.trace.HeadSelection;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import io.attnflow.graph.GraphConnection;
import io.attnflow.graph.query.AttentionQueries;
import io.attnflow.graph.query.RunInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow trace}: task T1/T2 for one stored sentence, from the graph (cypher/queries/trace_*.cypher). The
 * JSON is the trace contract the API serves, written by the same mapper.
 */
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description = {
            "Trace attention through a stored sentence: from [CLS] at the last layer down to the input words"
                    + " (or forward, from any tokens and layers), keeping every head's edges above τ.",
            "Example: attnflow trace --model bge-small-en-v1.5 --text \"The movie was not good at all.\" --tau 0.1"
        })
final class TraceCommand implements Callable<Integer> {
    enum Format {
        json,
        text
    }

    @Option(names = "--model", required = true, paramLabel = "ID", description = "the model id (see attnflow models)")
    String model;

    @Option(names = "--text", required = true, paramLabel = "TEXT", description = "the sentence (sentence A of a pair)")
    String text;

    @Option(names = "--pair", paramLabel = "TEXT", description = "sentence B of a pair")
    String pair;

    @Option(
            names = "--tau",
            defaultValue = "0.1",
            description = "threshold τ ≥ the model's floor (default: ${DEFAULT-VALUE})")
    double tau;

    @Option(
            names = "--direction",
            defaultValue = "backward",
            description = "backward or forward (default: ${DEFAULT-VALUE})")
    String direction;

    @Option(
            names = "--from-layer",
            paramLabel = "L",
            description = "layer of the start tokens (default: L backward, 0 forward)")
    Integer fromLayer;

    @Option(
            names = "--to-layer",
            paramLabel = "L",
            description = "layer where the trace stops (default: 0 backward, L forward)")
    Integer toLayer;

    @Option(
            names = "--tokens",
            split = ",",
            paramLabel = "POS",
            description = "start positions, e.g. 0,3 (default: 0, [CLS])")
    List<Integer> tokens = new ArrayList<>();

    @Option(
            names = "--heads",
            split = ",",
            paramLabel = "LAYER:HEAD",
            description = "follow only these heads in their layers, e.g. 12:0,12:3 (layers not named keep all heads)")
    List<String> heads = new ArrayList<>();

    @Option(
            names = "--alpha",
            defaultValue = "0.5",
            description = "influence decay α in (0, 1] (default: ${DEFAULT-VALUE})")
    double alpha;

    @Option(
            names = "--format",
            defaultValue = "text",
            description = "json (the API's trace contract) or text (default: ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    GraphOptions graph;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TraceRequest request = request();
        try (GraphConnection connection = graph.open()) {
            AttentionQueries queries = AttentionQueries.of(connection);
            TraceResult result;
            try {
                result = queries.trace(request);
            } catch (UnknownSentenceException e) {
                throw new NotFoundException("this sentence" + (pair == null ? "" : " pair")
                        + " is not stored for model '" + model + "': write it to a file (text"
                        + (pair == null ? "" : "<TAB>pair") + " per line, e.g. sentence.tsv) and run"
                        + " `attnflow ingest --model " + model + " --corpus sentence.tsv`, then trace again");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (format == Format.json) out.println(Json.write(result));
            else printText(out, result, queries.runInfo(model, request.sid()));
            out.flush();
        }
        return 0;
    }

    TraceRequest request() {
        Direction d;
        try {
            d = Direction.parse(direction);
        } catch (InvalidInputException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String sid = SentenceInput.idOf(text, pair == null || pair.isBlank() ? null : pair);
        return new TraceRequest(model, sid, d, tau, fromLayer, toLayer, tokens, parseHeads(), alpha);
    }

    private Map<Integer, Set<Integer>> parseHeads() {
        try {
            return HeadSelection.parse(String.join(",", heads));
        } catch (InvalidInputException e) {
            throw new ParameterException(
                    spec.commandLine(), "--heads: " + e.getMessage() + "; write pairs such as --heads 12:0,12:3");
        }
    }

    private void printText(PrintWriter out, TraceResult r, RunInfo info) {
        out.printf(
                Locale.ROOT,
                "%s  τ=%s  %d nodes, %d edges%n",
                model,
                tau,
                r.nodes().size(),
                r.edges().size());
        if (r.prediction() != null) {
            var p = r.prediction();
            out.printf(
                    Locale.ROOT,
                    "prediction: %s (p = %.3f)%s%n",
                    p.label(),
                    p.probabilities().get(p.label()),
                    p.gold() == null
                            ? ""
                            : ", gold " + p.gold()
                                    + (p.correct() == null ? "" : p.correct() ? ", correct" : ", wrong"));
        }
        out.println("token influence, rollout and attention flow (max-flow; - when not computed at ingest):");
        for (int k = 0; k < r.influence().length; k++) {
            out.printf(
                    Locale.ROOT,
                    "  %3d %-16s %10.4f  %8.4f  %s%n",
                    k,
                    info.tokens().get(k),
                    r.influence()[k],
                    r.rollout()[k],
                    r.attentionFlow() == null ? "-" : String.format(Locale.ROOT, "%8.4f", r.attentionFlow()[k]));
        }
        out.println("most important heads (layer:head summed weight):");
        List<double[]> heads = new ArrayList<>();
        for (int l = 0; l < r.headImportance().length; l++) {
            for (int h = 0; h < r.headImportance()[l].length; h++) {
                if (r.headImportance()[l][h] > 0) heads.add(new double[] {l + 1, h, r.headImportance()[l][h]});
            }
        }
        heads.sort((a, b) -> Double.compare(b[2], a[2]));
        for (double[] h : heads.subList(0, Math.min(10, heads.size()))) {
            out.printf(Locale.ROOT, "  %2d:%-2d %8.4f%n", (int) h[0], (int) h[1], h[2]);
        }
        boolean backward = Direction.parse(direction) == Direction.BACKWARD;
        int end = backward
                ? r.nodes().stream().mapToInt(TraceResult.Node::layer).min().orElse(0)
                : r.nodes().stream().mapToInt(TraceResult.Node::layer).max().orElse(0);
        out.println("tokens at layer " + end + " (where the trace ends) by flow value:");
        r.nodes().stream()
                .filter(n -> n.layer() == end)
                .sorted((a, b) -> Double.compare(b.value(), a.value()))
                .limit(10)
                .forEach(n -> out.printf(Locale.ROOT, "  %3d %-16s %.6f%n", n.pos(), n.token(), n.value()));
    }
}
