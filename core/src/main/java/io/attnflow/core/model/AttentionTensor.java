package io.attnflow.core.model;

/**
 * The attention probabilities of every layer and head for one sequence of n tokens.
 *
 * <p>Layers are numbered 1..L as in the definitions (layer 0 is the embeddings and has no attention). Heads are
 * 0-based. Row i holds what token i attends to: {@code weight(l, h, i, j) = A^l_h[i, j]}. Stored flat, row-major
 * in (layer, head, i, j).
 */
public final class AttentionTensor {
    private final int layers;
    private final int heads;
    private final int n;
    private final float[] data;

    public AttentionTensor(int layers, int heads, int n, float[] data) {
        if (layers < 1 || heads < 1 || n < 1) {
            throw new IllegalArgumentException(
                    "layers, heads and n must be positive: " + layers + ", " + heads + ", " + n);
        }
        if (data.length != (long) layers * heads * n * n) {
            throw new IllegalArgumentException(
                    "data has " + data.length + " values, expected L*H*n*n = " + ((long) layers * heads * n * n));
        }
        this.layers = layers;
        this.heads = heads;
        this.n = n;
        this.data = data;
    }

    /** Copies a {@code [layer-1][head][i][j]} array. */
    public static AttentionTensor of(float[][][][] a) {
        int l = a.length, h = a[0].length, n = a[0][0].length;
        float[] flat = new float[l * h * n * n];
        int k = 0;
        for (float[][][] layer : a)
            for (float[][] head : layer)
                for (float[] row : head) {
                    System.arraycopy(row, 0, flat, k, n);
                    k += n;
                }
        return new AttentionTensor(l, h, n, flat);
    }

    public int layers() {
        return layers;
    }

    public int heads() {
        return heads;
    }

    /** The sequence length. */
    public int n() {
        return n;
    }

    /** A^layer_head[i, j], with layer in 1..L and head in 0..H-1. */
    public float weight(int layer, int head, int i, int j) {
        return data[index(layer, head, i, j)];
    }

    /** The row A^layer_head[i, ·] as a new array. */
    public float[] row(int layer, int head, int i) {
        float[] r = new float[n];
        System.arraycopy(data, index(layer, head, i, 0), r, 0, n);
        return r;
    }

    /** A {@code [layer-1][head][i][j]} copy, the shape of the {@code attention} field of the JSON contract. */
    public float[][][][] toArray() {
        float[][][][] a = new float[layers][heads][n][n];
        for (int l = 1; l <= layers; l++)
            for (int h = 0; h < heads; h++)
                for (int i = 0; i < n; i++) {
                    System.arraycopy(data, index(l, h, i, 0), a[l - 1][h][i], 0, n);
                }
        return a;
    }

    private int index(int layer, int head, int i, int j) {
        if (layer < 1 || layer > layers || head < 0 || head >= heads || i < 0 || i >= n || j < 0 || j >= n) {
            throw new IndexOutOfBoundsException("(layer " + layer + ", head " + head + ", " + i + ", " + j
                    + ") is outside L=" + layers + ", H=" + heads + ", n=" + n);
        }
        return ((((layer - 1) * heads + head) * n + i) * n) + j;
    }
}
