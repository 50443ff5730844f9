package io.attnflow.graph.write;

import io.attnflow.core.trace.StoredAttention;
import java.util.ArrayList;
import java.util.List;

/**
 * The ATTENDS relationships of one sentence as parameter rows {@code [from, to, max, q_0 … q_{H-1}]}: from and to
 * index the sentence's tokens in (layer, pos) order (index = layer · n + pos), {@code q_h = round(w · scale)} or 0
 * when below the floor, and a row exists only when {@code max ≥ floorQ}.
 */
final class AttendsRows {
    final List<int[]> rows = new ArrayList<>();
    final int heads;
    long perHeadEdges;

    private AttendsRows(int heads) {
        this.heads = heads;
    }

    static AttendsRows of(StoredAttention a) {
        int n = a.n(), heads = a.heads();
        AttendsRows out = new AttendsRows(heads);
        int[] q = new int[heads];
        for (int l = 1; l <= a.layers(); l++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int max = 0, kept = 0;
                    for (int h = 0; h < heads; h++) {
                        int v = a.q(l, h, i, j); // quantized and floored once, by StoredAttention
                        q[h] = v;
                        if (v > 0) kept++;
                        if (v > max) max = v;
                    }
                    if (max == 0) continue;
                    int[] row = new int[3 + heads];
                    row[0] = (l - 1) * n + j; // the attended token, one layer down
                    row[1] = l * n + i; // the attending token
                    row[2] = max;
                    System.arraycopy(q, 0, row, 3, heads);
                    out.rows.add(row);
                    out.perHeadEdges += kept;
                }
            }
        }
        return out;
    }
}
