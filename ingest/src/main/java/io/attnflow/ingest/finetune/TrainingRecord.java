package io.attnflow.ingest.finetune;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.attnflow.core.model.ModelInfo;
import java.util.List;

/**
 * The provenance a fine-tuned directory carries in {@code training.json}: the base (id, weights hash), the data
 * (files, hash, labels, sizes), the hyper-parameters, the loss curve up to the saved step and, for the final model,
 * the dev metrics next to the majority and length-only baselines.
 */
final class TrainingRecord {
    private final ModelInfo base;
    private final FinetuneJob.Request request;
    private final TrainingData data;
    private final int maxTokens;

    TrainingRecord(ModelInfo base, FinetuneJob.Request request, TrainingData data, int maxTokens) {
        this.base = base;
        this.request = request;
        this.data = data;
        this.maxTokens = maxTokens;
    }

    /** The record of the state after {@code step} updates, with the first {@code step} losses of the curve. */
    ObjectNode json(int step, List<Double> curve) {
        ObjectNode n = FinetuneJob.json().createObjectNode();
        n.put("step", step);
        ObjectNode b = n.putObject("base");
        b.put("id", base.id());
        b.put("name", base.name());
        b.put("source", base.source());
        b.put("weightsSha256", base.weightsSha256());
        ObjectNode d = n.putObject("data");
        d.put("train", request.train().getFileName().toString());
        d.put("dev", request.dev() == null ? null : request.dev().getFileName().toString());
        if (request.dev() == null) d.put("devSplit", request.devSplit());
        d.put("sha256", data.sha256());
        ArrayNode labels = d.putArray("labels");
        data.labels().forEach(labels::add);
        d.put("trainSentences", data.train().size());
        d.put("devSentences", data.dev().size());
        d.put("truncated", data.truncated());
        TrainSettings s = request.settings();
        ObjectNode h = n.putObject("hyperParameters");
        h.put("epochs", s.epochs());
        h.put("maxSteps", s.maxSteps());
        h.put("batch", s.batch());
        h.put("learningRate", s.lr());
        h.put("warmupFraction", s.warmup());
        h.put("schedule", "linear warm-up, then linear decay to 0");
        h.put("optimizer", "AdamW (beta1 0.9, beta2 0.999, eps 1e-8); no decay for biases and LayerNorm");
        h.put("weightDecay", s.weightDecay());
        h.put("clipGlobalNorm", s.clipNorm());
        h.put("maxTokens", maxTokens);
        h.put("dropout", 0.0);
        h.put("seed", s.seed());
        h.put("checkpoints", s.checkpoints());
        ArrayNode losses = n.putArray("lossCurve");
        for (int i = 0; i < Math.min(step, curve.size()); i++) losses.add(round(curve.get(i)));
        return n;
    }

    /** Adds what only the final model knows. */
    void finish(ObjectNode n, Finetuner.Result result, Metrics dev, Metrics majority, Metrics lengthOnly) {
        n.put("totalSteps", result.totalSteps());
        n.put("interrupted", result.interrupted());
        n.put("trainingSeconds", round(result.seconds()));
        if (dev != null) put(n.putObject("dev"), dev);
        ObjectNode baselines = n.putObject("baselines");
        put(baselines.putObject("majority"), majority);
        put(baselines.putObject("lengthOnly"), lengthOnly);
    }

    private static void put(ObjectNode n, Metrics m) {
        n.put("accuracy", round(m.accuracy()));
        n.put("mcc", round(m.mcc()));
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
