package io.attnflow.ingest.onnx;

import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX model that weight mapping needs: the float initializers, small integer/float constants and
 * the node list.
 *
 * @param floats    float32 initializers by name, with their ONNX shape
 * @param constants small constants (int64 or float initializers and {@code Constant} node outputs) by name, as doubles
 * @param nodes     the graph's nodes in file order
 */
public record OnnxGraph(Map<String, OnnxTensor> floats, Map<String, double[]> constants, List<Node> nodes) {

    /**
     * One graph node.
     *
     * @param opType  e.g. {@code MatMul}, {@code Add}
     * @param inputs  input value names
     * @param outputs output value names
     */
    public record Node(String opType, List<String> inputs, List<String> outputs) {}

    /**
     * A float32 tensor as stored in the ONNX file (MatMul weights are {@code [in, out]}).
     *
     * @param shape ONNX dims
     * @param data  row-major values
     */
    public record OnnxTensor(long[] shape, float[] data) {}
}
