package io.attnflow.core.model;

/**
 * How attention weights are stored in the graph, and therefore the resolution every trace is exact to.
 *
 * <p>A weight w is stored as the integer q = round(w · {@link #SCALE}), so the resolution is 1e-4. An entry is
 * stored when q ≥ round(floor · SCALE). A trace keeps an edge when q &gt; τ · SCALE. The in-memory reference and
 * the Cypher queries both use these functions, so they agree to the last bit.
 */
public final class StoredWeights {
    /** Weights are stored as round(w · 10⁴). */
    public static final int SCALE = 10_000;
    /** The default store floor. */
    public static final double DEFAULT_FLOOR = 0.01;

    private StoredWeights() {}

    /** The stored integer for a weight. */
    public static int quantize(float w) {
        return Math.round(w * SCALE);
    }

    /** The weight a stored integer stands for. */
    public static double dequantize(int q) {
        return q / (double) SCALE;
    }

    /** The smallest stored integer at this floor. */
    public static int floorQ(double floor) {
        return (int) Math.round(floor * SCALE);
    }

    /** True when a stored integer passes threshold τ (strictly greater, as in the definitions). */
    public static boolean exceeds(int q, double tau) {
        return q > tau * SCALE;
    }
}
