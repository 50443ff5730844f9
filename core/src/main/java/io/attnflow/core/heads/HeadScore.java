package io.attnflow.core.heads;

/**
 * The importance of one head over a corpus.
 *
 * @param layer     1..L
 * @param head      0-based
 * @param mean      the mean over all sentences of the head's importance in each sentence's trace (0 where unused)
 * @param sentences the number of sentences whose trace uses the head at all
 */
public record HeadScore(int layer, int head, double mean, int sentences) {}
