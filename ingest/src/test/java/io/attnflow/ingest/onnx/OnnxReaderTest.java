package io.attnflow.ingest.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small ONNX model written field by field (onnx.proto numbering) with protobuf's own writer: tensors stored as
 * raw_data, as packed float_data and as external data must all read back to the same values.
 */
class OnnxReaderTest {

    @Test
    void rawTypedAndExternalTensorPayloadsReadBackExactly() throws IOException {
        byte[] model = model();
        ByteBuffer side = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        side.putFloat(99f).putFloat(7f).putFloat(8f).putFloat(99f).flip();
        OnnxGraph g = OnnxReader.read(model, (location, offset, length) -> {
            assertEquals("side.bin", location);
            return side.duplicate()
                    .position((int) offset)
                    .limit((int) (offset + length))
                    .slice();
        });
        assertArrayEquals(new long[] {2, 3}, g.floats().get("W").shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, g.floats().get("W").data());
        assertArrayEquals(
                new float[] {0.5f, -1.5f, 2.5f}, g.floats().get("enc.bias").data());
        assertArrayEquals(new float[] {7, 8}, g.floats().get("E").data());
        assertArrayEquals(new double[] {12, 32}, g.constants().get("shape"), "int64 constant node");
        assertEquals(
                List.of("MatMul", "Add", "Constant"),
                g.nodes().stream().map(OnnxGraph.Node::opType).toList());
        assertEquals(List.of("x", "W"), g.nodes().get(0).inputs());
    }

    @Test
    void externalDataWithoutItsSideFileIsAClearError() throws IOException {
        IOException e = assertThrows(IOException.class, () -> OnnxReader.read(model(), OnnxReader.ExternalData.NONE));
        assertTrue(e.getMessage().contains("side.bin"), e.getMessage());
    }

    @Test
    void bytesThatAreNotAModelAreRefused() {
        assertThrows(
                IOException.class,
                () -> OnnxReader.read("definitely not protobuf".getBytes(), OnnxReader.ExternalData.NONE));
    }

    private static byte[] model() throws IOException {
        byte[] graph = message(out -> {
            out.writeByteArray(1, node("MatMul", List.of("x", "W"), List.of("y")));
            out.writeByteArray(1, node("Add", List.of("y", "enc.bias"), List.of("z")));
            out.writeByteArray(1, node("Constant", List.of(), List.of("shape")));
            out.writeByteArray(
                    5,
                    message(
                            t -> { // raw_data, dims not packed
                                t.writeInt64(1, 2);
                                t.writeInt64(1, 3);
                                t.writeInt32(2, 1);
                                t.writeString(8, "W");
                                ByteBuffer raw = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
                                for (int i = 1; i <= 6; i++) raw.putFloat(i);
                                t.writeByteArray(9, raw.array());
                            }));
            out.writeByteArray(
                    5,
                    message(
                            t -> { // packed float_data, packed dims
                                t.writeByteArray(1, packedLongs(3));
                                t.writeInt32(2, 1);
                                t.writeString(8, "enc.bias");
                                ByteBuffer f = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
                                f.putFloat(0.5f).putFloat(-1.5f).putFloat(2.5f);
                                t.writeByteArray(4, f.array());
                            }));
            out.writeByteArray(
                    5,
                    message(
                            t -> { // external data: bytes 4..12 of side.bin
                                t.writeInt64(1, 2);
                                t.writeInt32(2, 1);
                                t.writeString(8, "E");
                                t.writeByteArray(13, entry("location", "side.bin"));
                                t.writeByteArray(13, entry("offset", "4"));
                                t.writeByteArray(13, entry("length", "8"));
                                t.writeEnum(14, 1);
                            }));
        });
        return message(out -> {
            out.writeInt64(1, 8); // ir_version
            out.writeByteArray(7, graph);
        });
    }

    private static byte[] node(String op, List<String> inputs, List<String> outputs) throws IOException {
        return message(n -> {
            for (String i : inputs) n.writeString(1, i);
            for (String o : outputs) n.writeString(2, o);
            n.writeString(4, op);
            if (op.equals("Constant")) {
                n.writeByteArray(
                        5,
                        message(
                                a -> { // AttributeProto value = int64 tensor [12, 32]
                                    a.writeString(1, "value");
                                    a.writeByteArray(5, message(t -> {
                                        t.writeByteArray(1, packedLongs(2));
                                        t.writeInt32(2, 7);
                                        t.writeByteArray(7, packedLongs(12, 32));
                                    }));
                                }));
            }
        });
    }

    private static byte[] entry(String key, String value) throws IOException {
        return message(e -> {
            e.writeString(1, key);
            e.writeString(2, value);
        });
    }

    private static byte[] packedLongs(long... values) throws IOException {
        return message(p -> {
            for (long v : values) p.writeInt64NoTag(v);
        });
    }

    interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        w.write(out);
        out.flush();
        return bytes.toByteArray();
    }
}
