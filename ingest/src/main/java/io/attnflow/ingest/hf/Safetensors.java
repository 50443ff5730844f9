package io.attnflow.ingest.hf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.attnflow.ingest.weights.FloatCodec;
import io.attnflow.ingest.weights.ModelLoadException;
import io.attnflow.ingest.weights.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a <a href="https://github.com/huggingface/safetensors">safetensors</a> file: an 8-byte little-endian header
 * length N, N bytes of JSON ({@code name → {dtype, shape, data_offsets}}), then the raw little-endian data. The header
 * is validated against the file size before any tensor is read, so a truncated or corrupt file fails with a message
 * naming the problem instead of garbage weights. Each tensor is mapped on its own, so files over 2 GB work.
 *
 * <p>Written by hand rather than with DJL's {@code NDList.decode}: it needs no engine, decodes F16/BF16, checks every
 * offset, and can skip tensors the model does not use (e.g. int64 {@code position_ids} buffers).
 */
public final class Safetensors {
    /** Larger headers are certainly corrupt (the format's own reader caps it at 100 MB). */
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One tensor's header entry.
     *
     * @param dtype safetensors dtype string ({@code F32}, {@code F16}, {@code BF16}, {@code I64}, …)
     * @param shape dimensions
     * @param begin first byte, relative to the data section
     * @param end   end byte (exclusive), relative to the data section
     */
    public record Entry(String dtype, long[] shape, long begin, long end) {
        public long elements() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    private final Path file;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private Safetensors(Path file, long dataStart, Map<String, Entry> entries, Map<String, String> metadata) {
        this.file = file;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens and validates the header of {@code file}; the tensors are read on demand by {@link #read(String)}. */
    public static Safetensors open(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw corrupt(file, "it is " + size + " bytes long, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw corrupt(
                        file,
                        "the header claims " + Long.toUnsignedString(headerLen) + " bytes but the file has only "
                                + (size - 8) + " after the length field (truncated or not a safetensors file)");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLen;
            return parse(file, json, dataStart, size - dataStart);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Safetensors parse(Path file, String json, long dataStart, long dataSize) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw corrupt(file, "its header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw corrupt(file, "its header is not a JSON object");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("__metadata__")) {
                v.fields()
                        .forEachRemaining(
                                m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            JsonNode dtype = v.get("dtype");
            JsonNode shape = v.get("shape");
            JsonNode offsets = v.get("data_offsets");
            if (dtype == null || shape == null || !shape.isArray() || offsets == null || offsets.size() != 2) {
                throw corrupt(file, "tensor '" + name + "' lacks dtype, shape or data_offsets");
            }
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).asLong(-1);
                if (dims[i] < 0) throw corrupt(file, "tensor '" + name + "' has a negative dimension");
            }
            Entry e = new Entry(
                    dtype.asText(),
                    dims,
                    offsets.get(0).asLong(-1),
                    offsets.get(1).asLong(-1));
            if (e.begin() < 0 || e.end() < e.begin() || e.end() > dataSize) {
                throw corrupt(
                        file,
                        "tensor '" + name + "' has data_offsets [" + e.begin() + ", " + e.end() + "] outside the "
                                + dataSize + " data bytes (truncated file?)");
            }
            int width = byteWidth(e.dtype());
            if (width > 0 && e.end() - e.begin() != e.elements() * width) {
                throw corrupt(
                        file,
                        "tensor '" + name + "' " + e.dtype() + Arrays.toString(dims) + " needs " + e.elements() * width
                                + " bytes but its offsets span " + (e.end() - e.begin()));
            }
            entries.put(name, e);
        }
        return new Safetensors(file, dataStart, Collections.unmodifiableMap(entries), metadata);
    }

    /** The tensor names in header order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The optional {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return metadata;
    }

    public Path file() {
        return file;
    }

    /** Reads one tensor as float32, whatever its float storage type. */
    public Tensor read(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new ModelLoadException(file + " has no tensor '" + name + "'");
        }
        FloatCodec.Type type = floatType(e.dtype());
        if (type == null) {
            throw new ModelLoadException("tensor '" + name + "' in " + file + " has dtype " + e.dtype()
                    + "; only F32, F16, BF16 and F64 weights are supported");
        }
        if (e.elements() > Integer.MAX_VALUE - 8) {
            throw new ModelLoadException("tensor '" + name + "' in " + file + " is too large for one Java array");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), e.end() - e.begin());
            return new Tensor(e.shape().clone(), FloatCodec.decode(buf, type, (int) e.elements()));
        } catch (IOException ex) {
            throw new ModelLoadException("cannot read tensor '" + name + "' from " + file + ": " + ex.getMessage(), ex);
        }
    }

    private static FloatCodec.Type floatType(String dtype) {
        return switch (dtype) {
            case "F32" -> FloatCodec.Type.F32;
            case "F16" -> FloatCodec.Type.F16;
            case "BF16" -> FloatCodec.Type.BF16;
            case "F64" -> FloatCodec.Type.F64;
            default -> null;
        };
    }

    /** Bytes per element, or 0 for a dtype we do not know (then its size is not checked). */
    private static int byteWidth(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2" -> 1;
            default -> 0;
        };
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + buf.position());
            if (n < 0) throw new IOException("unexpected end of file");
        }
    }

    private static ModelLoadException corrupt(Path file, String why) {
        return new ModelLoadException(file + " is not a valid safetensors file: " + why);
    }
}
