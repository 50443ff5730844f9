package io.attnflow.core.compare;

import io.attnflow.core.query.InvalidQueryException;
import io.attnflow.core.trace.AttentionStore;
import io.attnflow.core.trace.MatrixTrace;
import io.attnflow.core.trace.StoredAttention;
import io.attnflow.core.trace.TracePlan;
import io.attnflow.core.trace.TraceRequest;
import io.attnflow.core.trace.TraceResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Task T3, the one implementation: two models' stored attention of the same sentence compared head by head (the
 * service runs it on the matrices the graph returns; the {@code compare_*.cypher} files are tested equal to it).
 */
public final class MatrixComparison {
    private MatrixComparison() {}

    /**
     * Compares two models on one sentence as a store holds them, with both models' backward {@code [CLS]} traces
     * at τ computed on the same matrices.
     *
     * @throws InvalidQueryException when τ is outside either model's [floor, 1] or the models tokenize differently
     */
    public static CompareResult compare(AttentionStore store, String modelA, String modelB, String sid, double tau) {
        AttentionStore.StoredRun a = store.run(modelA, sid), b = store.run(modelB, sid);
        checkComparable(
                modelA, a.attention().floor(), a.tokens(), modelB, b.attention().floor(), b.tokens(), tau);
        return compare(
                modelA,
                a.attention(),
                traceHeads(a.attention(), modelA, sid, tau),
                modelB,
                b.attention(),
                traceHeads(b.attention(), modelB, sid, tau),
                sid,
                tau);
    }

    /**
     * The heads that carry an edge of a model's backward {@code [CLS]} trace at τ (all heads, from the last layer),
     * by [layer - 1][head]: core's {@link MatrixTrace} edges, without the node values the comparison does not use.
     *
     * @throws InvalidQueryException when τ is outside the model's [floor, 1]
     */
    public static boolean[][] traceHeads(StoredAttention a, String model, String sid, double tau) {
        TracePlan plan =
                TracePlan.of(TraceRequest.fromCls(model, sid).withTau(tau), a.layers(), a.heads(), a.n(), a.floor());
        boolean[][] used = new boolean[a.layers()][a.heads()];
        for (TraceResult.Edge e : MatrixTrace.edges(a, plan)) used[e.toLayer() - 1][e.head()] = true;
        return used;
    }

    /**
     * Checks that two models' runs of a sentence can be compared at τ.
     *
     * @throws InvalidQueryException when τ is outside either model's [floor, 1] or the models tokenize differently
     */
    public static void checkComparable(
            String modelA,
            double floorA,
            List<String> tokensA,
            String modelB,
            double floorB,
            List<String> tokensB,
            double tau) {
        TracePlan.checkTau(tau, floorA, modelA);
        TracePlan.checkTau(tau, floorB, modelB);
        if (!tokensA.equals(tokensB)) {
            throw new InvalidQueryException("models '" + modelA + "' and '" + modelB + "' tokenize the sentence"
                    + " differently (" + tokensA.size() + " and " + tokensB.size()
                    + " tokens): compare models that share a tokenizer");
        }
    }

    /**
     * Compares two models on one sentence.
     *
     * @param usedA the heads of model A's backward {@code [CLS]} trace at τ ({@link #traceHeads})
     * @param usedB model B's
     * @throws InvalidQueryException when τ is below either floor or the sentence lengths differ
     */
    public static CompareResult compare(
            String modelA,
            StoredAttention a,
            boolean[][] usedA,
            String modelB,
            StoredAttention b,
            boolean[][] usedB,
            String sid,
            double tau) {
        check(modelA, a, modelB, b, tau);
        int layers = Math.min(a.layers(), b.layers()), heads = Math.min(a.heads(), b.heads());
        List<HeadComparison> perHead = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            for (int h = 0; h < heads; h++) {
                int[] c = counts(a, b, l, h, tau);
                HeadCosine.Result cos = HeadCosine.of(a, b, l, h);
                perHead.add(new HeadComparison(
                        l,
                        h,
                        c[0],
                        c[1],
                        c[2],
                        jaccard(c[0], c[1], c[2]),
                        cos.cosine(),
                        cos.bound(),
                        usedA[l - 1][h],
                        usedB[l - 1][h]));
            }
        }
        List<HeadRef> shared = new ArrayList<>(), onlyA = new ArrayList<>(), onlyB = new ArrayList<>();
        for (int l = 1; l <= Math.max(a.layers(), b.layers()); l++) {
            for (int h = 0; h < Math.max(a.heads(), b.heads()); h++) {
                boolean inA = l <= a.layers() && h < a.heads() && usedA[l - 1][h];
                boolean inB = l <= b.layers() && h < b.heads() && usedB[l - 1][h];
                if (inA && inB) shared.add(new HeadRef(l, h));
                else if (inA) onlyA.add(new HeadRef(l, h));
                else if (inB) onlyB.add(new HeadRef(l, h));
            }
        }
        return summarize(modelA, modelB, sid, tau, a.n(), perHead, shared, onlyA, onlyB);
    }

    /** Builds the per-layer and whole-sentence summaries from the per-head comparisons. */
    public static CompareResult summarize(
            String modelA,
            String modelB,
            String sid,
            double tau,
            int n,
            List<HeadComparison> perHead,
            List<HeadRef> shared,
            List<HeadRef> onlyA,
            List<HeadRef> onlyB) {
        List<LayerComparison> perLayer = new ArrayList<>();
        int layers = perHead.stream().mapToInt(HeadComparison::layer).max().orElse(0);
        int s = 0, oa = 0, ob = 0;
        double cosSum = 0;
        for (int l = 1; l <= layers; l++) {
            int ls = 0, la = 0, lb = 0, count = 0;
            double lc = 0, bound = 0;
            for (HeadComparison c : perHead) {
                if (c.layer() != l) continue;
                ls += c.shared();
                la += c.onlyA();
                lb += c.onlyB();
                lc += c.cosine();
                bound = Math.max(bound, c.cosineBound());
                count++;
            }
            int layer = l;
            perLayer.add(new LayerComparison(
                    l,
                    ls,
                    la,
                    lb,
                    jaccard(ls, la, lb),
                    count == 0 ? 0 : lc / count,
                    bound,
                    (int) shared.stream().filter(r -> r.layer() == layer).count(),
                    (int) onlyA.stream().filter(r -> r.layer() == layer).count(),
                    (int) onlyB.stream().filter(r -> r.layer() == layer).count()));
            s += ls;
            oa += la;
            ob += lb;
            cosSum += lc;
        }
        return new CompareResult(
                modelA,
                modelB,
                sid,
                tau,
                n,
                List.copyOf(perHead),
                List.copyOf(perLayer),
                List.copyOf(shared),
                List.copyOf(onlyA),
                List.copyOf(onlyB),
                perHead.isEmpty() ? 0 : cosSum / perHead.size(),
                jaccard(s, oa, ob));
    }

    /**
     * The shared, only-A and only-B per-head edges above τ, optionally for one layer and/or head, ordered by layer,
     * head, target, source.
     */
    public static List<EdgeDiff> edges(StoredAttention a, StoredAttention b, double tau, Integer layer, Integer head) {
        int layers = Math.min(a.layers(), b.layers()), heads = Math.min(a.heads(), b.heads());
        List<EdgeDiff> out = new ArrayList<>();
        for (int l = 1; l <= layers; l++) {
            if (layer != null && layer != l) continue;
            for (int h = 0; h < heads; h++) {
                if (head != null && head != h) continue;
                for (int i = 0; i < a.n(); i++) {
                    for (int j = 0; j < a.n(); j++) {
                        boolean inA = a.exceeds(l, h, i, j, tau);
                        boolean inB = b.exceeds(l, h, i, j, tau);
                        if (!inA && !inB) continue;
                        EdgeSide side = inA && inB ? EdgeSide.SHARED : inA ? EdgeSide.ONLY_A : EdgeSide.ONLY_B;
                        out.add(new EdgeDiff(l, h, j, i, a.w(l, h, i, j), b.w(l, h, i, j), side));
                    }
                }
            }
        }
        return out;
    }

    /** shared / union, 1 for two empty sets. */
    public static double jaccard(int shared, int onlyA, int onlyB) {
        int union = shared + onlyA + onlyB;
        return union == 0 ? 1.0 : shared / (double) union;
    }

    private static void check(String modelA, StoredAttention a, String modelB, StoredAttention b, double tau) {
        TracePlan.checkTau(tau, a.floor(), modelA);
        TracePlan.checkTau(tau, b.floor(), modelB);
        if (a.n() != b.n()) {
            throw new InvalidQueryException("models '" + modelA + "' and '" + modelB + "' split the sentence into "
                    + a.n() + " and " + b.n() + " tokens: compare models that share a tokenizer");
        }
    }

    private static int[] counts(StoredAttention a, StoredAttention b, int l, int h, double tau) {
        int shared = 0, onlyA = 0, onlyB = 0;
        for (int i = 0; i < a.n(); i++) {
            for (int j = 0; j < a.n(); j++) {
                boolean inA = a.exceeds(l, h, i, j, tau);
                boolean inB = b.exceeds(l, h, i, j, tau);
                if (inA && inB) shared++;
                else if (inA) onlyA++;
                else if (inB) onlyB++;
            }
        }
        return new int[] {shared, onlyA, onlyB};
    }
}
