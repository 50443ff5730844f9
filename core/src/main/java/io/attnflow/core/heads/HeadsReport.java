package io.attnflow.core.heads;

import java.util.List;

/**
 * Every head of a model on one sentence (T2): importance in the {@code [CLS]} trace and Clark behaviour.
 *
 * @param model the model id
 * @param sid   the sentence id
 * @param tau   the τ of the trace
 * @param heads one row per head, ordered by layer, then head
 */
public record HeadsReport(String model, String sid, double tau, List<HeadRow> heads) {}
