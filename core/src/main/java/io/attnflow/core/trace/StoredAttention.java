package io.attnflow.core.trace;

import io.attnflow.core.model.AttentionTensor;
import io.attnflow.core.model.StoredWeights;

/**
 * The attention of one sentence exactly as the graph stores it: every weight quantized to q = round(w · scale) (the
 * store's {@code Model.scale}, see {@link StoredWeights}), and 0 where q is below the store floor. The in-memory reference computes on this view so that it agrees with the
 * Cypher queries to the last bit.
 */
public final class StoredAttention {
    private final int layers;
    private final int heads;
    private final int n;
    private final double floor;
    private final int scale;
    private final int[] q;

    private StoredAttention(int layers, int heads, int n, double floor, int scale, int[] q) {
        this.layers = layers;
        this.heads = heads;
        this.n = n;
        this.floor = floor;
        this.scale = scale;
        this.q = q;
    }

    /** Quantizes and floors a full tensor as the graph writer does, at the scale new stores use. */
    public static StoredAttention of(AttentionTensor a, double floor) {
        return of(a, floor, StoredWeights.SCALE);
    }

    /** Quantizes and floors a full tensor at a scale. */
    public static StoredAttention of(AttentionTensor a, double floor, int scale) {
        int floorQ = StoredWeights.floorQ(floor, scale);
        int n = a.n();
        int[] q = new int[a.layers() * a.heads() * n * n];
        int k = 0;
        for (int l = 1; l <= a.layers(); l++) {
            for (int h = 0; h < a.heads(); h++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        int v = StoredWeights.quantize(a.weight(l, h, i, j), scale);
                        q[k++] = v >= floorQ ? v : 0;
                    }
                }
            }
        }
        return new StoredAttention(a.layers(), a.heads(), n, floor, scale, q);
    }

    /**
     * Wraps stored integers read back from the graph, flat row-major in (layer, head, i, j), 0 where nothing is
     * stored, at the store's scale. The array is kept, not copied: a {@link FrontierReads} may fill it while a trace
     * runs.
     */
    public static StoredAttention ofStored(int layers, int heads, int n, double floor, int scale, int[] q) {
        if (q.length != layers * heads * n * n) {
            throw new IllegalArgumentException("q has " + q.length + " values, expected L*H*n*n");
        }
        return new StoredAttention(layers, heads, n, floor, scale, q);
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

    /** The store floor the weights were cut at. */
    public double floor() {
        return floor;
    }

    /** The scale the weights are stored at: q = round(w · scale). */
    public int scale() {
        return scale;
    }

    /** True when the stored A^layer_head[i, j] passes τ: q &gt; τ · scale. */
    public boolean exceeds(int layer, int head, int i, int j, double tau) {
        return StoredWeights.exceeds(q(layer, head, i, j), tau, scale);
    }

    /** The stored integer of A^layer_head[i, j]: 0 when it is below the floor. */
    public int q(int layer, int head, int i, int j) {
        return q[((((layer - 1) * heads + head) * n + i) * n) + j];
    }

    /** The stored weight of A^layer_head[i, j], q / scale. */
    public double w(int layer, int head, int i, int j) {
        return StoredWeights.dequantize(q(layer, head, i, j), scale);
    }
}
