package io.attnflow.core.model;

/**
 * How attention weights are stored in the graph, and therefore the resolution every trace is exact to.
 *
 * <p>A weight w is stored as the integer q = round(w · scale). Stores written now use {@link #SCALE} = 2²⁰, where
 * w · 2²⁰ is exact in float32, so q is off by at most 0.5 and a trace's rule q &gt; τ · scale equals w &gt; τ for
 * every weight farther than 2⁻²¹ ≈ 4.8·10⁻⁷ from τ (docs/DATA_MODEL.md, "Stored weights"). The Model node records its
 * store's scale ({@code Model.scale}); stores written before at 10⁴ keep being read at theirs. An entry is stored
 * when q ≥ round(floor · scale). The in-memory reference and the Cypher queries both use these rules, so they agree
 * to the last bit.
 */
public final class StoredWeights {
    /** The scale new stores are written at: 2²⁰ (see docs/DATA_MODEL.md for the size and speed measured against float32). */
    public static final int SCALE = 1 << 20;
    /** The scale of stores written before the finer one. */
    public static final int LEGACY_SCALE = 10_000;
    /** The default store floor. */
    public static final double DEFAULT_FLOOR = 0.01;

    private StoredWeights() {}

    /** The stored integer for a weight at a scale. */
    public static int quantize(float w, int scale) {
        return Math.round(w * scale);
    }

    /** The weight a stored integer stands for at a scale. */
    public static double dequantize(int q, int scale) {
        return q / (double) scale;
    }

    /** The smallest stored integer at this floor and scale. */
    public static int floorQ(double floor, int scale) {
        return (int) Math.round(floor * scale);
    }

    /** True when a stored integer passes threshold τ (strictly greater, as in the definitions) at a scale. */
    public static boolean exceeds(int q, double tau, int scale) {
        return q > tau * scale;
    }

    /** Half a step of a scale: the most a stored weight differs from the weight it stands for. */
    public static double halfStep(int scale) {
        return 0.5 / scale;
    }
}
