package io.attnflow.ingest.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.attnflow.ingest.onnx.OnnxGraph.Node;
import io.attnflow.ingest.onnx.OnnxGraph.OnnxTensor;
import io.attnflow.ingest.onnx.proto.Onnx.AttributeProto;
import io.attnflow.ingest.onnx.proto.Onnx.GraphProto;
import io.attnflow.ingest.onnx.proto.Onnx.ModelProto;
import io.attnflow.ingest.onnx.proto.Onnx.NodeProto;
import io.attnflow.ingest.onnx.proto.Onnx.StringStringEntryProto;
import io.attnflow.ingest.onnx.proto.Onnx.TensorProto;
import io.attnflow.ingest.onnx.proto.Onnx.TensorProto.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the initializers, constants and nodes of an ONNX {@code ModelProto} through the classes protoc generates from
 * {@code src/main/proto/onnx.proto} (a trimmed copy of the official schema that declares only the fields read here).
 *
 * <p>Tensor payloads may be {@code raw_data} (little-endian bytes), the typed {@code float_data}/{@code int64_data}
 * fields, or external data in a side file, which {@link ExternalData} resolves.
 */
public final class OnnxReader {
    /** Float tensors up to this size are also kept as constants (scales such as √d_head). */
    private static final int SMALL = 16;

    /** Reads the bytes of tensors stored outside the model file. */
    @FunctionalInterface
    public interface ExternalData {
        /** The bytes [offset, offset+length) of the side file {@code location} (length -1: to the end). */
        ByteBuffer read(String location, long offset, long length) throws IOException;

        ExternalData NONE = (location, offset, length) -> {
            throw new IOException("the ONNX file keeps tensors in the external file '" + location
                    + "', which is not available here; save the model with its weights inside the .onnx file");
        };
    }

    private OnnxReader() {}

    /** Parses a complete ONNX model held in memory. */
    public static OnnxGraph read(byte[] model, ExternalData external) throws IOException {
        // Aliasing lets raw_data reference the model bytes instead of copying hundreds of megabytes.
        CodedInputStream in = CodedInputStream.newInstance(model);
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("not an ONNX model: " + e.getMessage(), e);
        }
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
            throw new IOException("not an ONNX model: no graph with nodes found");
        }
        return new Builder(external).build(proto.getGraph());
    }

    private static final class Builder {
        final ExternalData external;
        final Map<String, OnnxTensor> floats = new LinkedHashMap<>();
        final Map<String, double[]> constants = new HashMap<>();

        Builder(ExternalData external) {
            this.external = external;
        }

        /** Nodes before initializers: the order in which protobuf writes them (field 1 before field 5). */
        OnnxGraph build(GraphProto graph) throws IOException {
            List<Node> nodes = new ArrayList<>(graph.getNodeCount());
            for (NodeProto n : graph.getNodeList()) {
                nodes.add(new Node(n.getOpType(), List.copyOf(n.getInputList()), List.copyOf(n.getOutputList())));
                TensorProto constant = valueAttribute(n);
                if ("Constant".equals(n.getOpType()) && constant != null && n.getOutputCount() > 0) {
                    keep(constant, n.getOutput(0));
                }
            }
            for (TensorProto t : graph.getInitializerList()) keep(t, t.getName());
            return new OnnxGraph(floats, constants, nodes);
        }

        /** The tensor of the last {@code value} attribute (as on Constant nodes), or null. */
        static TensorProto valueAttribute(NodeProto n) {
            TensorProto t = null;
            for (AttributeProto a : n.getAttributeList()) {
                if ("value".equals(a.getName()) && a.hasT()) t = a.getT();
            }
            return t;
        }

        void keep(TensorProto t, String name) throws IOException {
            long count = 1;
            for (long d : t.getDimsList()) count *= d;
            if (t.getDataType() == DataType.FLOAT_VALUE) {
                float[] values = floats(t, (int) count);
                floats.put(name, new OnnxTensor(dims(t), values));
                if (values.length <= SMALL) {
                    double[] c = new double[values.length];
                    for (int i = 0; i < c.length; i++) c[i] = values[i];
                    constants.put(name, c);
                }
            } else if (count <= SMALL) {
                double[] c = numbers(t, (int) count);
                if (c != null) constants.put(name, c);
            }
        }

        static long[] dims(TensorProto t) {
            return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        }

        /** The payload bytes: raw_data, or the external side file; null or empty when the typed fields hold it. */
        ByteBuffer bytes(TensorProto t) throws IOException {
            if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
                Map<String, String> info = new HashMap<>();
                for (StringStringEntryProto e : t.getExternalDataList()) info.put(e.getKey(), e.getValue());
                long offset = Long.parseLong(info.getOrDefault("offset", "0"));
                long length = Long.parseLong(info.getOrDefault("length", "-1"));
                try {
                    return external.read(info.get("location"), offset, length);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            return t.hasRawData() ? t.getRawData().asReadOnlyByteBuffer() : null;
        }

        float[] floats(TensorProto t, int count) throws IOException {
            float[] out = new float[count];
            ByteBuffer b = bytes(t);
            if (b != null && b.remaining() > 0) {
                if (b.remaining() != count * 4L) {
                    throw new IOException("tensor '" + t.getName() + "' has " + b.remaining() + " bytes, expected "
                            + count * 4L + " for its shape");
                }
                b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            } else {
                if (t.getFloatDataCount() != count) {
                    throw new IOException(
                            "tensor '" + t.getName() + "' has " + t.getFloatDataCount() + " values, expected " + count);
                }
                for (int i = 0; i < count; i++) out[i] = t.getFloatData(i);
            }
            return out;
        }

        /** int32/int64/double values as doubles, or null for types not needed as constants. */
        double[] numbers(TensorProto t, int count) throws IOException {
            ByteBuffer b = bytes(t);
            double[] out = new double[count];
            if (b != null && b.remaining() > 0) {
                ByteBuffer le = b.slice().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < count; i++) {
                    switch (t.getDataType()) {
                        case DataType.INT64_VALUE -> out[i] = le.getLong();
                        case DataType.INT32_VALUE -> out[i] = le.getInt();
                        case DataType.DOUBLE_VALUE -> out[i] = le.getDouble();
                        default -> {
                            return null;
                        }
                    }
                }
                return out;
            }
            // Any typed field may carry the values (ONNX keeps int8/int16/bool in int32_data); in field order.
            List<Number> typed = new ArrayList<>(t.getFloatDataList());
            typed.addAll(t.getInt32DataList());
            typed.addAll(t.getInt64DataList());
            typed.addAll(t.getDoubleDataList());
            if (typed.size() != count) return null;
            for (int i = 0; i < count; i++) out[i] = typed.get(i).doubleValue();
            return out;
        }
    }
}
