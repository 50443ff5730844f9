package io.attnflow.core.heads;

/**
 * One head on one sentence: its importance in the sentence's {@code [CLS]} trace and its Clark et al. (2019)
 * behaviour, read from the stored {@code HeadStat}.
 *
 * @param layer      1..L
 * @param head       0-based
 * @param importance the summed weight of the head's edges in the backward {@code [CLS]} trace at τ
 * @param edges      how many trace edges the head carries
 * @param entropy    the mean row entropy in nats
 * @param cls        mean attention to {@code [CLS]}
 * @param sep        mean attention to {@code [SEP]}
 * @param punct      mean attention to punctuation
 * @param self       mean attention to the token itself
 * @param prev       mean attention to the previous token
 * @param next       mean attention to the next token
 * @param sepSep     mean attention of the {@code [SEP]} rows to {@code [SEP]} (Clark et al.'s {@code sep_sep})
 * @param restSep    mean attention of the other rows to {@code [SEP]} (Clark et al.'s {@code rest_sep})
 */
public record HeadRow(
        int layer,
        int head,
        double importance,
        int edges,
        double entropy,
        double cls,
        double sep,
        double punct,
        double self,
        double prev,
        double next,
        double sepSep,
        double restSep) {}
