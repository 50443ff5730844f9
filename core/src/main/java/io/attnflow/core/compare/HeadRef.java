package io.attnflow.core.compare;

/** A head (layer 1..L, head 0-based). */
public record HeadRef(int layer, int head) {}
