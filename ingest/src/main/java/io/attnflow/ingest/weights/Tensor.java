package io.attnflow.ingest.weights;

import java.util.Arrays;

/**
 * A dense float32 tensor read from a weight file, row-major.
 *
 * @param shape the dimensions, outermost first
 * @param data  the values, length = product of shape
 */
public record Tensor(long[] shape, float[] data) {
    public Tensor {
        long size = 1;
        for (long d : shape) size *= d;
        if (size != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
        }
    }
}
