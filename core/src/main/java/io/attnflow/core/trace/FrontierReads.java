package io.attnflow.core.trace;

/**
 * Supplies the stored weights a trace is about to follow, as it reaches them: {@link MatrixTrace} calls it once per
 * attention layer, in the trace's order, with that layer's frontier, before it reads the layer. A reader that fills
 * only those entries (the rows of the frontier's tokens backward, their columns forward) gives the trace of the full
 * matrices, because {@link MatrixTrace} reads nothing else; the graph's Java API read uses it to read only the
 * relationships the trace can reach (docs/DESIGN.md, "Traces").
 */
@FunctionalInterface
public interface FrontierReads {
    /** Nothing to read: the matrices are complete. */
    FrontierReads NONE = (layer, frontier, backward) -> {};

    /**
     * Makes the entries of attention layer {@code layer} that the frontier's tokens can follow readable: backward, A^l[i,
     * ·] of every head for each frontier token i at layer l; forward, A^l[·, j] for each frontier token j at layer l-1.
     *
     * @param frontier by position, true for the tokens the trace has reached; not to be changed
     */
    void read(int layer, boolean[] frontier, boolean backward);
}
