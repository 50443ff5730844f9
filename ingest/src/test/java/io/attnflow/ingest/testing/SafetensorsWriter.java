package io.attnflow.ingest.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a safetensors file the way the format specifies it (test side, independent of the reader). */
public final class SafetensorsWriter {
    private SafetensorsWriter() {}

    /** Storage types the writer can produce from floats. */
    public enum DType {
        F32,
        BF16
    }

    /** Writes {@code tensors} (name → values) with {@code shapes} in {@code dtype}. */
    public static void write(Path file, Map<String, long[]> shapes, Map<String, float[]> tensors, DType dtype)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode header = json.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            float[] v = e.getValue();
            int width = dtype == DType.F32 ? 4 : 2;
            ByteBuffer b = ByteBuffer.allocate(v.length * width).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                if (dtype == DType.F32) b.putFloat(f);
                else b.putShort((short) (Float.floatToIntBits(f) >>> 16));
            }
            long begin = data.size();
            data.write(b.array());
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype.name());
            var shape = t.putArray("shape");
            for (long d : shapes.get(e.getKey())) shape.add(d);
            t.putArray("data_offsets").add(begin).add(data.size());
        }
        byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8; // the format pads the header with spaces to 8-byte alignment
        byte[] hp = new byte[padded];
        java.util.Arrays.fill(hp, (byte) ' ');
        System.arraycopy(h, 0, hp, 0, h.length);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(len.array());
        out.write(hp);
        out.write(data.toByteArray());
        Files.write(file, out.toByteArray());
    }
}
