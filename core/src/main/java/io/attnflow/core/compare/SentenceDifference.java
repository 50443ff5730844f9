package io.attnflow.core.compare;

/**
 * How much two models differ on one sentence.
 *
 * @param sid        the sentence id
 * @param text       sentence A
 * @param textB      sentence B of a pair, or null
 * @param meanCosine the mean cosine over the common heads (low = differs most)
 * @param jaccard    the edge Jaccard at τ over all common heads
 */
public record SentenceDifference(String sid, String text, String textB, double meanCosine, double jaccard) {}
