package io.attnflow.core.trace;

import java.util.Arrays;

/**
 * The τ-independent summary of one sentence's backward {@code [CLS]} trace over all heads (docs/DESIGN.md,
 * "Corpus-level analyst queries"): on the stored integers q, the widest path from {@code [CLS]} at the last layer.
 *
 * <ul>
 *   <li>{@link #token}: reach({@code [CLS]} @ L) = {@link Integer#MAX_VALUE}, reach(any other token @ L) = 0, and
 *       reach(s @ l−1) = max over t @ l of min(reach(t), max_h q_h(t→s)). A token is a node of the trace at τ iff its
 *       reach &gt; τ·scale.
 *   <li>{@link #head}: head h of layer l carries an edge of the trace at τ iff max over t @ l, s @ l−1 of
 *       min(reach(t), q_h(t→s)) &gt; τ·scale.
 * </ul>
 *
 * Both hold for every τ ≥ the store floor because the trace keeps an edge iff q &gt; τ·scale and follows it only from
 * a node already in the trace ({@link MatrixTrace}); a path's smallest q is above τ·scale iff each of its q is. Stored
 * per Token ({@code clsReach}) and per HeadStat ({@code clsReach}) so corpus queries need no trace (docs/DATA_MODEL.md).
 */
public final class ClsReach {
    private final int layers;
    private final int heads;
    private final int n;
    private final int[] token;
    private final int[] head;

    private ClsReach(int layers, int heads, int n, int[] token, int[] head) {
        this.layers = layers;
        this.heads = heads;
        this.n = n;
        this.token = token;
        this.head = head;
    }

    /** Computes the reach of every token and head of one sentence's stored attention, layer L down to 0. */
    public static ClsReach of(StoredAttention a) {
        int layers = a.layers(), heads = a.heads(), n = a.n();
        int[] token = new int[(layers + 1) * n];
        int[] head = new int[layers * heads];
        token[layers * n] = Integer.MAX_VALUE;
        for (int l = layers; l >= 1; l--) {
            for (int t = 0; t < n; t++) {
                int rt = token[l * n + t];
                if (rt == 0) continue; // min(0, q) is 0: adds nothing
                for (int h = 0; h < heads; h++) {
                    int hk = (l - 1) * heads + h;
                    for (int s = 0; s < n; s++) {
                        int w = Math.min(rt, a.q(l, h, t, s));
                        if (w > head[hk]) head[hk] = w;
                        int sk = (l - 1) * n + s;
                        if (w > token[sk]) token[sk] = w;
                    }
                }
            }
        }
        return new ClsReach(layers, heads, n, token, head);
    }

    /** reach(pos @ layer), layer 0..L: 0 when no path from {@code [CLS]} leads there. */
    public int token(int layer, int pos) {
        return token[layer * n + pos];
    }

    /** The reach of head {@code head} of attention layer {@code layer} (1..L). */
    public int head(int layer, int head) {
        return this.head[(layer - 1) * heads + head];
    }

    public int layers() {
        return layers;
    }

    public int heads() {
        return heads;
    }

    public int n() {
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClsReach r
                && r.layers == layers
                && r.heads == heads
                && r.n == n
                && Arrays.equals(r.token, token)
                && Arrays.equals(r.head, head);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(token) * 31 + Arrays.hashCode(head);
    }
}
