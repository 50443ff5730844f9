package io.attnflow.core.headgraph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Newman's modularity of a partition of an undirected weighted graph: Q = Σ_c [W_c / W − (S_c / 2W)²], with W the
 * total edge weight, W_c the weight inside community c and S_c the sum of the weighted degrees of its nodes. The
 * figure GDS's Louvain reports, recomputed here so tests and benchmarks can check it.
 */
public final class Modularity {
    private Modularity() {}

    /** An undirected edge with a weight. */
    public record WeightedEdge(ModelHead a, ModelHead b, double weight) {}

    public static double of(List<WeightedEdge> edges, Map<ModelHead, Long> community) {
        double total = 0;
        Map<Long, Double> inside = new HashMap<>(), degree = new HashMap<>();
        for (WeightedEdge e : edges) {
            total += e.weight();
            long ca = community.get(e.a()), cb = community.get(e.b());
            if (ca == cb) inside.merge(ca, e.weight(), Double::sum);
            degree.merge(ca, e.weight(), Double::sum);
            degree.merge(cb, e.weight(), Double::sum);
        }
        if (total == 0) return 0;
        double q = 0;
        for (Map.Entry<Long, Double> c : degree.entrySet()) {
            double s = c.getValue() / (2 * total);
            q += inside.getOrDefault(c.getKey(), 0.0) / total - s * s;
        }
        return q;
    }
}
