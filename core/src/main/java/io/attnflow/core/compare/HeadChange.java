package io.attnflow.core.compare;

/**
 * How much one head differs between two models over a corpus.
 *
 * @param layer       1..L
 * @param head        0-based
 * @param meanCosine  the mean over sentences of the head's cosine (low = changed most)
 * @param meanJaccard the mean over sentences of the head's edge Jaccard at τ
 * @param sharedIn    in how many sentences both models' {@code [CLS]} traces use the head
 * @param sentences   how many sentences were compared
 */
public record HeadChange(int layer, int head, double meanCosine, double meanJaccard, int sharedIn, int sentences) {}
