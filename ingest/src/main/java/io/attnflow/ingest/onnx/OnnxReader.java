package io.attnflow.ingest.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.attnflow.ingest.onnx.OnnxGraph.Node;
import io.attnflow.ingest.onnx.OnnxGraph.OnnxTensor;
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
 * Reads the initializers, constants and nodes of an ONNX {@code ModelProto} with protobuf-java's
 * {@link CodedInputStream}, following the field numbers of {@code onnx.proto} (there is no published Java binding
 * of the ONNX schema, and the generated one would be far larger than the four messages needed here).
 *
 * <p>Tensor payloads may be {@code raw_data} (little-endian bytes), the typed {@code float_data}/{@code int64_data}
 * fields, or external data in a side file, which {@link ExternalData} resolves.
 */
public final class OnnxReader {
    // onnx.proto field numbers
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1, GRAPH_INITIALIZER = 5;
    private static final int NODE_INPUT = 1, NODE_OUTPUT = 2, NODE_OP_TYPE = 4, NODE_ATTRIBUTE = 5;
    private static final int ATTR_NAME = 1, ATTR_T = 5;
    private static final int TENSOR_DIMS = 1, TENSOR_DATA_TYPE = 2, TENSOR_FLOAT_DATA = 4, TENSOR_INT32_DATA = 5;
    private static final int TENSOR_INT64_DATA = 7, TENSOR_NAME = 8, TENSOR_RAW_DATA = 9, TENSOR_DOUBLE_DATA = 10;
    private static final int TENSOR_EXTERNAL_DATA = 13, TENSOR_DATA_LOCATION = 14;
    private static final int TYPE_FLOAT = 1, TYPE_INT32 = 6, TYPE_INT64 = 7, TYPE_DOUBLE = 11;
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
        CodedInputStream in = CodedInputStream.newInstance(model);
        in.enableAliasing(true);
        in.setSizeLimit(Integer.MAX_VALUE);
        Builder graph = new Builder(external);
        boolean sawGraph = false;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) break;
            if (WireFormat.getTagFieldNumber(tag) == MODEL_GRAPH) {
                int limit = in.pushLimit(in.readRawVarint32());
                graph.readGraph(in);
                in.popLimit(limit);
                sawGraph = true;
            } else {
                in.skipField(tag);
            }
        }
        if (!sawGraph || graph.nodes.isEmpty()) {
            throw new IOException("not an ONNX model: no graph with nodes found");
        }
        return new OnnxGraph(graph.floats, graph.constants, graph.nodes);
    }

    private static final class Builder {
        final ExternalData external;
        final Map<String, OnnxTensor> floats = new LinkedHashMap<>();
        final Map<String, double[]> constants = new HashMap<>();
        final List<Node> nodes = new ArrayList<>();

        Builder(ExternalData external) {
            this.external = external;
        }

        void readGraph(CodedInputStream in) throws IOException {
            while (true) {
                int tag = in.readTag();
                if (tag == 0) return;
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == GRAPH_NODE) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    readNode(in);
                    in.popLimit(limit);
                } else if (field == GRAPH_INITIALIZER) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    keep(readTensor(in), null);
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
        }

        void readNode(CodedInputStream in) throws IOException {
            List<String> inputs = new ArrayList<>(), outputs = new ArrayList<>();
            String op = "";
            RawTensor constant = null;
            while (true) {
                int tag = in.readTag();
                if (tag == 0) break;
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case NODE_INPUT -> inputs.add(in.readStringRequireUtf8());
                    case NODE_OUTPUT -> outputs.add(in.readStringRequireUtf8());
                    case NODE_OP_TYPE -> op = in.readStringRequireUtf8();
                    case NODE_ATTRIBUTE -> {
                        int limit = in.pushLimit(in.readRawVarint32());
                        RawTensor t = readAttributeTensor(in);
                        if (t != null) constant = t;
                        in.popLimit(limit);
                    }
                    default -> in.skipField(tag);
                }
            }
            nodes.add(new Node(op, List.copyOf(inputs), List.copyOf(outputs)));
            if ("Constant".equals(op) && constant != null && !outputs.isEmpty()) {
                keep(constant, outputs.get(0));
            }
        }

        /** The tensor of a {@code value} attribute (as on Constant nodes), or null. */
        RawTensor readAttributeTensor(CodedInputStream in) throws IOException {
            String name = "";
            RawTensor t = null;
            while (true) {
                int tag = in.readTag();
                if (tag == 0) break;
                int field = WireFormat.getTagFieldNumber(tag);
                if (field == ATTR_NAME) {
                    name = in.readStringRequireUtf8();
                } else if (field == ATTR_T) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    t = readTensor(in);
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
            return "value".equals(name) ? t : null;
        }

        void keep(RawTensor t, String nameOverride) throws IOException {
            String name = nameOverride != null ? nameOverride : t.name;
            long count = 1;
            for (long d : t.dims) count *= d;
            if (t.dataType == TYPE_FLOAT) {
                float[] values = t.floats(external, (int) count);
                floats.put(name, new OnnxTensor(t.dims, values));
                if (values.length <= SMALL) {
                    double[] c = new double[values.length];
                    for (int i = 0; i < c.length; i++) c[i] = values[i];
                    constants.put(name, c);
                }
            } else if (count <= SMALL) {
                double[] c = t.numbers(external, (int) count);
                if (c != null) constants.put(name, c);
            }
        }

        RawTensor readTensor(CodedInputStream in) throws IOException {
            RawTensor t = new RawTensor();
            List<Long> dims = new ArrayList<>();
            while (true) {
                int tag = in.readTag();
                if (tag == 0) break;
                int field = WireFormat.getTagFieldNumber(tag);
                boolean packed = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
                switch (field) {
                    case TENSOR_DIMS -> readLongs(in, packed, dims);
                    case TENSOR_DATA_TYPE -> t.dataType = in.readInt32();
                    case TENSOR_NAME -> t.name = in.readStringRequireUtf8();
                    case TENSOR_RAW_DATA -> t.raw = in.readByteBuffer();
                    case TENSOR_FLOAT_DATA -> {
                        if (packed) {
                            int limit = in.pushLimit(in.readRawVarint32());
                            while (in.getBytesUntilLimit() > 0) t.typed.add((double) in.readFloat());
                            in.popLimit(limit);
                        } else {
                            t.typed.add((double) in.readFloat());
                        }
                    }
                    case TENSOR_DOUBLE_DATA -> {
                        if (packed) {
                            int limit = in.pushLimit(in.readRawVarint32());
                            while (in.getBytesUntilLimit() > 0) t.typed.add(in.readDouble());
                            in.popLimit(limit);
                        } else {
                            t.typed.add(in.readDouble());
                        }
                    }
                    case TENSOR_INT32_DATA, TENSOR_INT64_DATA -> {
                        List<Long> values = new ArrayList<>();
                        readLongs(in, packed, values);
                        for (long v : values) t.typed.add((double) v);
                    }
                    case TENSOR_EXTERNAL_DATA -> {
                        int limit = in.pushLimit(in.readRawVarint32());
                        String key = null, value = null;
                        while (true) {
                            int kt = in.readTag();
                            if (kt == 0) break;
                            if (WireFormat.getTagFieldNumber(kt) == 1) key = in.readStringRequireUtf8();
                            else if (WireFormat.getTagFieldNumber(kt) == 2) value = in.readStringRequireUtf8();
                            else in.skipField(kt);
                        }
                        in.popLimit(limit);
                        if (key != null) t.externalInfo.put(key, value);
                    }
                    case TENSOR_DATA_LOCATION -> t.externalLocation = in.readEnum() == 1;
                    default -> in.skipField(tag);
                }
            }
            t.dims = dims.stream().mapToLong(Long::longValue).toArray();
            return t;
        }

        static void readLongs(CodedInputStream in, boolean packed, List<Long> out) throws IOException {
            if (packed) {
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) out.add(in.readInt64());
                in.popLimit(limit);
            } else {
                out.add(in.readInt64());
            }
        }
    }

    /** A TensorProto before its payload is decoded. */
    private static final class RawTensor {
        String name = "";
        int dataType;
        long[] dims = new long[0];
        ByteBuffer raw;
        final List<Double> typed = new ArrayList<>();
        boolean externalLocation;
        final Map<String, String> externalInfo = new HashMap<>();

        ByteBuffer bytes(ExternalData external) throws IOException {
            if (externalLocation) {
                String location = externalInfo.get("location");
                long offset = Long.parseLong(externalInfo.getOrDefault("offset", "0"));
                long length = Long.parseLong(externalInfo.getOrDefault("length", "-1"));
                try {
                    return external.read(location, offset, length);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            return raw;
        }

        float[] floats(ExternalData external, int count) throws IOException {
            float[] out = new float[count];
            ByteBuffer b = bytes(external);
            if (b != null && b.remaining() > 0) {
                if (b.remaining() != count * 4L) {
                    throw new IOException("tensor '" + name + "' has " + b.remaining() + " bytes, expected "
                            + count * 4L + " for its shape");
                }
                b.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
            } else {
                if (typed.size() != count) {
                    throw new IOException("tensor '" + name + "' has " + typed.size() + " values, expected " + count);
                }
                for (int i = 0; i < count; i++) out[i] = typed.get(i).floatValue();
            }
            return out;
        }

        /** int32/int64/double values as doubles, or null for types not needed as constants. */
        double[] numbers(ExternalData external, int count) throws IOException {
            ByteBuffer b = bytes(external);
            double[] out = new double[count];
            if (b != null && b.remaining() > 0) {
                ByteBuffer le = b.slice().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < count; i++) {
                    switch (dataType) {
                        case TYPE_INT64 -> out[i] = le.getLong();
                        case TYPE_INT32 -> out[i] = le.getInt();
                        case TYPE_DOUBLE -> out[i] = le.getDouble();
                        default -> {
                            return null;
                        }
                    }
                }
                return out;
            }
            if (typed.size() != count) return null;
            for (int i = 0; i < count; i++) out[i] = typed.get(i);
            return out;
        }
    }
}
