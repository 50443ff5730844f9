package io.attnflow.graph.read;

import java.util.Arrays;

/**
 * One layer's tokens of a run: the node id at each position, and the position of a node id through a small
 * open-addressing table, so that a relationship's far end finds its position without a map of boxed ids.
 */
final class LayerTokens {
    private final long[] byPos;
    private final long[] keys;
    private final int[] values;
    private final int mask;

    /** An empty layer of {@code n} positions. */
    LayerTokens(int n) {
        byPos = new long[n];
        Arrays.fill(byPos, -1);
        int capacity = Integer.highestOneBit(Math.max(4, 4 * n - 1)) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, -1);
        values = new int[capacity];
        mask = capacity - 1;
    }

    /** Every token of a layer by its unique key. */
    static LayerTokens seek(AttendsCursors cursors, String model, String sid, int layer, int n) {
        LayerTokens t = new LayerTokens(n);
        t.seekMissing(cursors, model, sid, layer);
        return t;
    }

    /** Looks up by their unique key the positions no relationship has given yet. */
    void seekMissing(AttendsCursors cursors, String model, String sid, int layer) {
        for (int p = 0; p < byPos.length; p++) {
            if (byPos[p] >= 0) continue;
            long id = cursors.token(model, sid, layer, p);
            if (id >= 0) put(id, p);
        }
    }

    /** The number of positions. */
    int n() {
        return byPos.length;
    }

    /** The node id at a position, -1 when none is known. */
    long id(int pos) {
        return byPos[pos];
    }

    /** The position of a node id, -1 when it is not one of these tokens. */
    int posOf(long id) {
        for (int k = slot(id); ; k = (k + 1) & mask) {
            if (keys[k] == id) return values[k];
            if (keys[k] < 0) return -1;
        }
    }

    /** Records a token at a position (a position holds one token: the key is unique). */
    void put(long id, int pos) {
        int k = slot(id);
        while (keys[k] >= 0 && keys[k] != id) k = (k + 1) & mask;
        keys[k] = id;
        values[k] = pos;
        byPos[pos] = id;
    }

    private int slot(long id) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }
}
