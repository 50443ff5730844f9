package io.attnflow.ingest.forward;

import io.attnflow.core.model.AttentionTensor;

/**
 * The encoder's output for one sequence, padding stripped.
 *
 * @param hidden    final hidden states, n × hidden
 * @param attention L×H×n×n attention probabilities
 */
public record EncoderOutput(float[][] hidden, AttentionTensor attention) {}
