package io.attnflow.core.trace;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to trace (task T1). Defaults follow the definitions: a backward trace from {@code [CLS]} at the last layer,
 * over all heads, τ = 0.1, α = 0.5.
 *
 * @param model     the model id
 * @param sid       the sentence id
 * @param direction backward (down to the inputs) or forward (up to the last layer)
 * @param tau       threshold τ: an edge is kept when its stored weight is &gt; τ; must be ≥ the model's store floor
 * @param fromLayer the layer l0 of the start nodes; null means L for backward and 0 for forward
 * @param toLayer   where the trace stops (the layer range's other end); null means 0 for backward and L for forward
 * @param tokens    start positions at layer l0; empty means {@code [CLS]} (position 0)
 * @param heads     selected heads per layer (1..L); a layer with no entry or an empty set keeps all its heads
 * @param alpha     decay α in (0, 1] for token influence
 */
public record TraceRequest(
        String model,
        String sid,
        Direction direction,
        double tau,
        Integer fromLayer,
        Integer toLayer,
        List<Integer> tokens,
        Map<Integer, Set<Integer>> heads,
        double alpha) {

    public static final double DEFAULT_TAU = 0.1;
    public static final double DEFAULT_ALPHA = 0.5;

    public TraceRequest {
        direction = direction == null ? Direction.BACKWARD : direction;
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        heads = heads == null ? Map.of() : Map.copyOf(heads);
    }

    /** This request with another τ. */
    public TraceRequest withTau(double tau) {
        return new TraceRequest(model, sid, direction, tau, fromLayer, toLayer, tokens, heads, alpha);
    }

    /** The default backward trace from {@code [CLS]} at the last layer. */
    public static TraceRequest fromCls(String model, String sid) {
        return new TraceRequest(
                model, sid, Direction.BACKWARD, DEFAULT_TAU, null, null, List.of(), Map.of(), DEFAULT_ALPHA);
    }
}
