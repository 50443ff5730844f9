package io.attnflow.core.trace;

import io.attnflow.core.query.InvalidQueryException;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@link TraceRequest} checked against one model and sentence, with its defaults filled in.
 *
 * @param direction backward or forward
 * @param tau       threshold τ, in [floor, 1]
 * @param fromLayer l0, the layer of the start nodes
 * @param toLayer   the layer where the trace stops (below l0 for backward, above for forward)
 * @param starts    the distinct start positions at l0, ascending
 * @param heads     HS(l)
 * @param alpha     the influence decay α in (0, 1]
 * @param layers    L
 * @param n         the sentence length
 */
public record TracePlan(
        Direction direction,
        double tau,
        int fromLayer,
        int toLayer,
        List<Integer> starts,
        HeadSelection heads,
        double alpha,
        int layers,
        int n) {

    /**
     * Validates a request against a model with {@code layers} × {@code heads} and a store floor, and a sentence of
     * n tokens.
     *
     * @throws InvalidQueryException naming the parameter and its allowed range
     */
    public static TracePlan of(TraceRequest req, int layers, int heads, int n, double floor) {
        checkTau(req.tau(), floor, req.model());
        if (!(req.alpha() > 0 && req.alpha() <= 1)) {
            throw new InvalidQueryException("α = " + req.alpha() + " is outside (0, 1]: use e.g. --alpha 0.5");
        }
        boolean backward = req.direction() == Direction.BACKWARD;
        int from = req.fromLayer() != null ? req.fromLayer() : backward ? layers : 0;
        int to = req.toLayer() != null ? req.toLayer() : backward ? 0 : layers;
        checkLayer("from-layer", from, layers);
        checkLayer("to-layer", to, layers);
        if (backward && to > from) {
            throw new InvalidQueryException(
                    "a backward trace goes down: to-layer " + to + " must be ≤ from-layer " + from);
        }
        if (!backward && to < from) {
            throw new InvalidQueryException(
                    "a forward trace goes up: to-layer " + to + " must be ≥ from-layer " + from);
        }
        TreeSet<Integer> starts = new TreeSet<>(req.tokens().isEmpty() ? List.of(0) : req.tokens());
        for (int p : starts) {
            if (p < 0 || p >= n) {
                throw new InvalidQueryException(
                        "token position " + p + " is outside the sentence: positions are 0.." + (n - 1));
            }
        }
        return new TracePlan(
                req.direction(),
                req.tau(),
                from,
                to,
                List.copyOf(starts),
                HeadSelection.of(req.heads(), layers, heads),
                req.alpha(),
                layers,
                n);
    }

    /**
     * Checks τ against the store floor: below it the stored graph cannot give an exact trace.
     *
     * @throws InvalidQueryException stating the floor
     */
    public static void checkTau(double tau, double floor, String model) {
        if (Double.isNaN(tau) || tau < floor || tau > 1) {
            throw new InvalidQueryException("τ = " + tau + " is outside [" + floor + ", 1]: model '" + model
                    + "' stores attention weights ≥ its floor " + floor + " only, so use τ ≥ " + floor);
        }
    }

    private static void checkLayer(String name, int layer, int layers) {
        if (layer < 0 || layer > layers) {
            throw new InvalidQueryException(
                    name + " " + layer + " is outside 0.." + layers + " (0 = the input embeddings)");
        }
    }

    /** True for a backward trace. */
    public boolean backward() {
        return direction == Direction.BACKWARD;
    }

    /** The attention layers whose edges the trace can use, ascending: (to, from] backward, (from, to] forward. */
    public int[] edgeLayers() {
        int lo = Math.min(fromLayer, toLayer) + 1, hi = Math.max(fromLayer, toLayer);
        int[] ls = new int[Math.max(0, hi - lo + 1)];
        for (int k = 0; k < ls.length; k++) ls[k] = lo + k;
        return ls;
    }
}
