package io.attnflow.graph.write;

/**
 * What writing one sentence for one model produced.
 *
 * @param sid       the sentence id
 * @param n         tokens in the sequence
 * @param tokens    Token nodes written (n · (L+1))
 * @param rels      ATTENDS relationships written (one per (layer, i, j) with some head at or above the floor)
 * @param edges     per-head edges: the non-zero entries of the relationships' {@code q} arrays
 * @param headStats HeadStat nodes written (L · H)
 * @param nanos     wall time of the transaction, including its commit
 */
public record WriteStats(String sid, int n, int tokens, int rels, long edges, int headStats, long nanos) {}
