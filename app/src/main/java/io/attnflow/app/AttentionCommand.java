package io.attnflow.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.ForwardResult;
import io.attnflow.core.model.ModelInfo;
import io.attnflow.core.model.SentenceInput;
import io.attnflow.core.model.TokenInfo;
import io.attnflow.ingest.AttentionModel;
import io.attnflow.ingest.LoadOptions;
import io.attnflow.ingest.ModelCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnflow attention}: runs one sentence or pair and prints every head's attention. The JSON form is the
 * contract later views and checks read: {@code {"model": {...}, "tokens": [...], "attention": [layer][head][i][j]}}.
 */
@Command(
        name = "attention",
        mixinStandardHelpOptions = true,
        description = "Print the attention of every layer and head for a sentence or a sentence pair.")
final class AttentionCommand implements Callable<Integer> {
    enum Format {
        json,
        text
    }

    @Option(
            names = "--model",
            defaultValue = "bge-small-en-v1.5",
            description = "model id or path (default: ${DEFAULT-VALUE}; see `attnflow models`)")
    String model;

    @Option(names = "--text", required = true, description = "the sentence (sentence A of a pair)")
    String text;

    @Option(names = "--pair", description = "sentence B: encodes [CLS] A [SEP] B [SEP] with token types 0/1")
    String pair;

    @Option(
            names = "--truncate",
            description = "cut input longer than the model's maximum instead of failing (reported)")
    boolean truncate;

    @Option(names = "--format", defaultValue = "json", description = "json or text (default: ${DEFAULT-VALUE})")
    Format format;

    @Spec
    CommandSpec spec;

    /**
     * The JSON contract. {@code truncated} appears only when the input was cut; {@code logits} (each with its
     * {@code id2label} name) and {@code predictions} (masked-LM top-k at each [MASK]) only when the model has that
     * head.
     */
    @JsonPropertyOrder({"model", "tokens", "attention", "truncated", "logits", "predictions"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AttentionJson(
            ModelInfo model,
            List<TokenJson> tokens,
            float[][][][] attention,
            Boolean truncated,
            List<Logit> logits,
            List<ForwardResult.MaskPrediction> predictions) {}

    /** One classifier logit and its label name. */
    @JsonPropertyOrder({"label", "logit"})
    record Logit(String label, float logit) {}

    /** The logits with their names, or null without a classifier. */
    static List<Logit> named(float[] logits, List<String> labels) {
        if (logits == null) return null;
        List<Logit> out = new java.util.ArrayList<>();
        for (int k = 0; k < logits.length; k++) {
            out.add(new Logit(k < labels.size() ? labels.get(k) : "LABEL_" + k, logits[k]));
        }
        return out;
    }

    @JsonPropertyOrder({"text", "special", "start", "end", "type"})
    record TokenJson(String text, boolean special, int start, int end, int type) {}

    @Override
    public Integer call() throws Exception {
        SentenceInput input = new SentenceInput(text, pair, null, null);
        ForwardResult r;
        List<String> labels;
        try (AttentionModel m =
                ModelCatalog.standard().open(model, LoadOptions.defaults().withTruncate(truncate))) {
            r = m.encode(input);
            labels = m.labels();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (r.truncated()) {
            spec.commandLine().getErr().println("note: the input was truncated to " + r.n() + " tokens (--truncate)");
        }
        if (format == Format.json) {
            List<TokenJson> tokens = r.tokens().stream()
                    .map(t -> new TokenJson(t.text(), t.special(), t.start(), t.end(), t.type()))
                    .toList();
            new ObjectMapper()
                    .writeValue(
                            out,
                            new AttentionJson(
                                    r.model(),
                                    tokens,
                                    r.attention().toArray(),
                                    r.truncated() ? true : null,
                                    named(r.logits(), labels),
                                    r.predictions().isEmpty() ? null : r.predictions()));
            out.println();
        } else {
            printText(out, r, labels);
        }
        out.flush();
        return 0;
    }

    /** A readable summary: the tokens, then per layer what each token attends to most (mean over heads). */
    private static void printText(PrintWriter out, ForwardResult r, List<String> labels) {
        ModelInfo m = r.model();
        AttentionTensor a = r.attention();
        out.printf(
                "%s: %d layers, %d heads, %d tokens%s%n",
                m.id(), m.layers(), m.heads(), r.n(), r.truncated() ? " (truncated)" : "");
        for (TokenInfo t : r.tokens()) {
            out.printf("  %3d %-16s type %d%s%n", t.pos(), t.text(), t.type(), t.special() ? "  special" : "");
        }
        if (r.logits() != null) {
            StringBuilder line = new StringBuilder("classifier logits:");
            for (Logit l : named(r.logits(), labels)) line.append(String.format(" %s %.4f", l.label(), l.logit()));
            out.println(line);
        }
        for (ForwardResult.MaskPrediction p : r.predictions()) {
            StringBuilder line = new StringBuilder(String.format("masked-LM at %d:", p.pos()));
            for (int k = 0; k < Math.min(5, p.tokens().size()); k++) {
                line.append(String.format(" %s %.3f", p.tokens().get(k), p.probs()[k]));
            }
            out.println(line);
        }
        for (int l = 1; l <= a.layers(); l++) {
            out.printf("layer %d (mean over heads): token -> top 3 attended%n", l);
            for (int i = 0; i < a.n(); i++) {
                double[] mean = new double[a.n()];
                for (int h = 0; h < a.heads(); h++)
                    for (int j = 0; j < a.n(); j++) mean[j] += a.weight(l, h, i, j) / a.heads();
                StringBuilder line = new StringBuilder(
                        String.format("  %-16s ->", r.tokens().get(i).text()));
                boolean[] used = new boolean[a.n()];
                for (int k = 0; k < Math.min(3, a.n()); k++) {
                    int best = -1;
                    for (int j = 0; j < a.n(); j++) if (!used[j] && (best < 0 || mean[j] > mean[best])) best = j;
                    used[best] = true;
                    line.append(String.format(" %s %.3f", r.tokens().get(best).text(), mean[best]));
                }
                out.println(line);
            }
        }
    }
}
