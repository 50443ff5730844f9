package io.attnflow.core.metrics;

import io.attnflow.core.model.AttentionTensor;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleBiFunction;
import org.jgrapht.Graph;
import org.jgrapht.alg.flow.BoykovKolmogorovMFImpl;
import org.jgrapht.alg.flow.DinicMFImpl;
import org.jgrapht.alg.flow.EdmondsKarpMFImpl;
import org.jgrapht.alg.flow.PushRelabelMFImpl;

/**
 * Attention flow (max-flow), Abnar &amp; Zuidema 2020, as in their {@code attention_graph_util.py}. This is a
 * different quantity from a trace's node value (flow), which sums weight × value along the edges of a thresholded
 * trace; this one is a maximum flow through the full, unthresholded attention graph.
 *
 * <ul>
 *   <li>Capacities: Â_l = 0.5·mean_h A^l_h + 0.5·I, computed by {@link Rollout} (one implementation of Â), with
 *       every row then divided by its sum as their notebook does ({@code (mean + I) / rowsum}); the division is
 *       the identity up to rounding when the attention rows sum to 1, and keeps their definition when they do
 *       not.
 *   <li>Graph: nodes (l, i) for l = 0..L; an edge (i@l) → (j@l-1) with capacity Â_l[i, j] for every l ≥ 1 (zero
 *       capacities are left out, as {@code networkx.from_numpy_matrix} leaves out zero entries).
 *   <li>Value: for every input token j, the maximum flow from (output@L) to (j@0); the n values are divided by
 *       their sum. The sum is never zero: the self edges (o@l) → (o@l-1) alone carry about 0.5 (at least
 *       min_l Â_l[o, o]) to (o@0).
 * </ul>
 *
 * <p>The maximum flow is computed by JGraphT, whose solvers compare flows with a tolerance ({@link #EPSILON}). The
 * default solver is the fastest exact one measured on real bge-small-en-v1.5 attention: see
 * {@code docs/ATTENTION_FLOW.md}. Deviation from their code: they compute this for every node of every layer; here
 * it is one output token (by default {@code [CLS]}) at the last layer, which is what rollout reports too.
 */
public final class AttentionFlow {

    /**
     * The exact JGraphT max-flow algorithms; each gives the same values up to {@link #EPSILON}. Only the value is
     * asked for, so none builds the per-edge flow map that JGraphT's {@code getMaximumFlow} composes on every call
     * (a boxed map entry per edge; the value does not depend on it): push–relabel and Edmonds–Karp have a
     * value-only call, Dinic and Boykov–Kolmogorov get an empty {@code composeFlow}.
     */
    public enum Solver {
        DINIC(g -> new DinicMFImpl<>(g, EPSILON) {
            @Override
            protected Map<Integer, Double> composeFlow() {
                return Map.of();
            }
        }::getMaximumFlowValue),
        PUSH_RELABEL(g -> new PushRelabelMFImpl<>(g, EPSILON)::calculateMaximumFlow),
        EDMONDS_KARP(g -> new EdmondsKarpMFImpl<>(g, EPSILON)::calculateMaximumFlow),
        BOYKOV_KOLMOGOROV(g -> new BoykovKolmogorovMFImpl<>(g, EPSILON) {
            @Override
            protected Map<Integer, Double> composeFlow() {
                return Map.of();
            }
        }::getMaximumFlowValue);

        /** Makes, for a network, the function (source, sink) → the maximum-flow value. */
        private final Function<Graph<Integer, Integer>, ToDoubleBiFunction<Integer, Integer>> factory;

        Solver(Function<Graph<Integer, Integer>, ToDoubleBiFunction<Integer, Integer>> factory) {
            this.factory = factory;
        }
    }

    /** The solver used unless one is named (the fastest measured, see {@code docs/ATTENTION_FLOW.md}). */
    public static final Solver DEFAULT_SOLVER = Solver.DINIC;

    /**
     * The tolerance below which the solvers treat a residual capacity as zero. Capacities are at most 1 and the
     * smallest float32 attention weights are far below JGraphT's default of 1e-9, so a smaller one is used; it stays
     * well above the rounding error of sums of at most a few thousand doubles of size ≤ 1.
     */
    public static final double EPSILON = 1e-12;

    private AttentionFlow() {}

    /** The {@code [CLS]} row: each input token's normalised attention flow from {@code [CLS]} at the last layer. */
    public static double[] clsRow(AttentionTensor attention) {
        return row(attention, 0, DEFAULT_SOLVER);
    }

    /**
     * Each input token's normalised attention flow from token {@code output} at the last layer.
     *
     * @return n values, non-negative, summing to 1
     */
    public static double[] row(AttentionTensor attention, int output, Solver solver) {
        double[] flows = maxFlows(attention, output, solver);
        double sum = 0;
        for (double f : flows) sum += f;
        for (int j = 0; j < flows.length; j++) flows[j] /= sum;
        return flows;
    }

    /** The unnormalised max-flow values from (output@L) to every (j@0). */
    static double[] maxFlows(AttentionTensor attention, int output, Solver solver) {
        int n = attention.n();
        if (output < 0 || output >= n) {
            throw new IllegalArgumentException("output token must be in 0.." + (n - 1) + ", was " + output);
        }
        int layers = attention.layers();
        double[] capacity = new double[layers * n * n];
        for (int l = 1; l <= layers; l++) {
            double[][] c = capacities(attention, l);
            for (int i = 0; i < n; i++) System.arraycopy(c[i], 0, capacity, ((l - 1) * n + i) * n, n);
        }
        // one network and one solver for the sentence: JGraphT rebuilds its residual network from the graph on every
        // call anyway, so moving the sink between calls is all that changes
        FlowNetwork network = new FlowNetwork(layers, n, capacity, output, 0);
        ToDoubleBiFunction<Integer, Integer> maxFlow = solver.factory.apply(network);
        double[] flows = new double[n];
        for (int j = 0; j < n; j++) {
            network.moveSink(j);
            flows[j] = maxFlow.applyAsDouble(network.vertex(network.source()), network.vertex(network.sink()));
        }
        return flows;
    }

    /** Â_l with every row divided by its sum (their {@code res_att_mat / res_att_mat.sum(axis=-1)}). */
    static double[][] capacities(AttentionTensor attention, int layer) {
        double[][] a = Rollout.augmented(attention, layer);
        for (double[] row : a) {
            double sum = 0;
            for (double v : row) sum += v;
            for (int j = 0; j < row.length; j++) row[j] /= sum;
        }
        return a;
    }
}
