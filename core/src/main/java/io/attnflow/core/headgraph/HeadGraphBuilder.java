package io.attnflow.core.headgraph;

import io.attnflow.core.query.InvalidInputException;
import io.attnflow.core.trace.AttentionStore;
import io.attnflow.core.trace.AttentionStore.StoredRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Builds the {@link HeadGraph} from stored runs: for every pair of heads (within a model and across models) the mean
 * over their common sentences of {@link ClarkJs} and of the cosine of the flattened matrices, then the k nearest
 * heads of each head by that mean divergence (ties: higher cosine, then {@link ModelHead#ORDER}). Heads of different
 * models are compared on the sentences both hold, when both tokenized them alike (the same number of tokens).
 */
public final class HeadGraphBuilder {
    /** The default neighbours per head. */
    public static final int DEFAULT_K = 5;

    /** Told after each sentence. */
    public interface Progress {
        void sentenceDone(int done, int total);
    }

    private HeadGraphBuilder() {}

    /**
     * @param store       where the runs are read
     * @param sidsByModel the sentences of each model to use (its corpus), in the order models are to be listed
     * @param k           the neighbours kept per head, ≥ 1
     * @throws InvalidInputException when a model has no sentence, or two models have none in common
     */
    public static HeadGraph build(
            AttentionStore store, Map<String, List<String>> sidsByModel, int k, Progress progress) {
        if (k < 1) throw new InvalidInputException("k must be at least 1, was " + k);
        List<String> models = new ArrayList<>(sidsByModel.keySet());
        checkSentences(sidsByModel);
        // one run per model gives its shape
        List<ModelHead> heads = new ArrayList<>();
        Map<String, Integer> offset = new LinkedHashMap<>();
        Map<String, Integer> perLayer = new LinkedHashMap<>();
        for (String m : models.stream().sorted().toList()) {
            StoredRun first = store.run(m, sidsByModel.get(m).get(0));
            offset.put(m, heads.size());
            perLayer.put(m, first.attention().heads());
            for (int l = 1; l <= first.attention().layers(); l++) {
                for (int h = 0; h < first.attention().heads(); h++) heads.add(new ModelHead(m, l, h));
            }
        }
        int count = heads.size();
        Accumulator acc = new Accumulator(count);
        Map<String, Set<String>> holds = new LinkedHashMap<>();
        sidsByModel.forEach((m, sids) -> holds.put(m, new HashSet<>(sids)));
        TreeSet<String> all = new TreeSet<>();
        sidsByModel.values().forEach(all::addAll);
        int done = 0;
        for (String sid : all) {
            ClarkJs.Smoothed[] smoothed = new ClarkJs.Smoothed[count];
            int[] n = new int[count];
            for (String m : offset.keySet()) {
                if (!holds.get(m).contains(sid)) continue;
                StoredRun run = store.run(m, sid);
                int base = offset.get(m), hs = perLayer.get(m);
                for (int l = 1; l <= run.attention().layers(); l++) {
                    for (int h = 0; h < hs; h++) {
                        int x = base + (l - 1) * hs + h;
                        smoothed[x] = ClarkJs.Smoothed.of(run.attention(), l, h);
                        n[x] = run.attention().n();
                        acc.shares.get(x).add(HeadPattern.Shares.of(run.attention(), l, h, run.tokens()));
                    }
                }
            }
            acc.add(smoothed, n);
            if (progress != null) progress.sentenceDone(++done, all.size());
        }
        return assemble(models, k, all.size(), heads, holds, acc);
    }

    private static void checkSentences(Map<String, List<String>> sidsByModel) {
        if (sidsByModel.isEmpty()) throw new InvalidInputException("give at least one model");
        List<String> models = new ArrayList<>(sidsByModel.keySet());
        for (String m : models) {
            if (sidsByModel.get(m).isEmpty()) {
                throw new InvalidInputException("model " + m + " holds no sentence to build the head graph from");
            }
        }
        for (int a = 0; a < models.size(); a++) {
            for (int b = a + 1; b < models.size(); b++) {
                Set<String> common = new HashSet<>(sidsByModel.get(models.get(a)));
                common.retainAll(new HashSet<>(sidsByModel.get(models.get(b))));
                if (common.isEmpty()) {
                    throw new InvalidInputException("models " + models.get(a) + " and " + models.get(b)
                            + " hold no sentence in common: ingest the same sentences into both");
                }
            }
        }
    }

    private static HeadGraph assemble(
            List<String> models,
            int k,
            int sentences,
            List<ModelHead> heads,
            Map<String, Set<String>> holds,
            Accumulator acc) {
        int count = heads.size();
        List<HeadGraph.Node> nodes = new ArrayList<>();
        for (int x = 0; x < count; x++) {
            HeadPattern.Shares s = HeadPattern.Shares.mean(acc.shares.get(x));
            nodes.add(new HeadGraph.Node(
                    heads.get(x),
                    HeadPattern.of(s),
                    s,
                    holds.get(heads.get(x).model()).size()));
        }
        Set<Long> kept = new TreeSet<>();
        for (int x = 0; x < count; x++) {
            final int fx = x;
            IntStream.range(0, count)
                    .filter(y -> y != fx && acc.sentences[Accumulator.pair(fx, y, count)] > 0)
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(y -> acc.js(fx, y))
                            .thenComparing(y -> -acc.cosine(fx, y))
                            .thenComparing(heads::get, ModelHead.ORDER))
                    .limit(k)
                    .forEach(y -> kept.add((long) Math.min(fx, y) * count + Math.max(fx, y)));
        }
        List<HeadGraph.Edge> edges = new ArrayList<>();
        for (long key : kept) {
            int x = (int) (key / count), y = (int) (key % count);
            edges.add(new HeadGraph.Edge(
                    heads.get(x),
                    heads.get(y),
                    acc.js(x, y),
                    acc.cosine(x, y),
                    acc.sentences[Accumulator.pair(x, y, count)]));
        }
        return new HeadGraph(models, k, sentences, nodes, edges);
    }

    /** Sums per unordered pair of heads (a flat upper triangle), and each head's per-sentence shares. */
    private static final class Accumulator {
        final int count;
        final double[] js, cos;
        final int[] sentences;
        final List<List<HeadPattern.Shares>> shares = new ArrayList<>();

        Accumulator(int count) {
            this.count = count;
            int pairs = count * (count - 1) / 2;
            js = new double[pairs];
            cos = new double[pairs];
            sentences = new int[pairs];
            for (int x = 0; x < count; x++) shares.add(new ArrayList<>());
        }

        static int pair(int x, int y, int count) {
            int a = Math.min(x, y), b = Math.max(x, y);
            return a * count - a * (a + 1) / 2 + (b - a - 1);
        }

        /** One sentence: every pair of heads present with the same n (rows of x are disjoint: safe in parallel). */
        void add(ClarkJs.Smoothed[] s, int[] n) {
            IntStream.range(0, count).parallel().forEach(x -> {
                if (s[x] == null) return;
                for (int y = x + 1; y < count; y++) {
                    if (s[y] == null || n[y] != n[x]) continue;
                    int p = pair(x, y, count);
                    js[p] += ClarkJs.divergence(s[x], s[y]);
                    cos[p] += s[x].cosine(s[y]);
                    sentences[p]++;
                }
            });
        }

        double js(int x, int y) {
            int p = pair(x, y, count);
            return js[p] / sentences[p];
        }

        double cosine(int x, int y) {
            int p = pair(x, y, count);
            return cos[p] / sentences[p];
        }
    }
}
