package io.attnflow.core.headgraph;

import java.util.List;

/**
 * The head similarity graph of one or more models over a corpus: every head with its Kovaleva pattern, and its k
 * nearest heads by Clark et al.'s Jensen–Shannon divergence. Communities are found on it by the graph database (GDS
 * Louvain), not here.
 *
 * @param models    the models, in the order given
 * @param k         the neighbours kept per head
 * @param sentences the sentences read (of any model)
 * @param heads     every head, in {@link ModelHead#ORDER}
 * @param edges     one per unordered pair of heads where either is among the other's k nearest
 */
public record HeadGraph(List<String> models, int k, int sentences, List<Node> heads, List<Edge> edges) {

    /**
     * A head and what it does over the corpus.
     *
     * @param sentences the sentences its model holds in the corpus
     */
    public record Node(ModelHead head, HeadPattern pattern, HeadPattern.Shares shares, int sentences) {}

    /**
     * Two similar heads, {@code from} before {@code to} in {@link ModelHead#ORDER}.
     *
     * @param js        the mean over their common sentences of Clark et al.'s Jensen–Shannon divergence (nats, summed
     *                  over rows)
     * @param cosine    the mean over those sentences of the cosine of the two flattened matrices (Kovaleva et al.)
     * @param sentences how many sentences both heads hold (with the same tokenization)
     */
    public record Edge(ModelHead from, ModelHead to, double js, double cosine, int sentences) {}
}
