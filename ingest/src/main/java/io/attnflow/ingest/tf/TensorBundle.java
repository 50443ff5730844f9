package io.attnflow.ingest.tf;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.attnflow.ingest.weights.FloatCodec;
import io.attnflow.ingest.weights.ModelLoadException;
import io.attnflow.ingest.weights.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * A TensorFlow tensor bundle (the {@code variables/} of a SavedModel, or a V2 checkpoint): {@code variables.index}
 * is a {@link LevelDbTable} whose empty key holds a {@code BundleHeaderProto} and whose other keys are variable names
 * holding a {@code BundleEntryProto} (dtype, shape, shard, offset, size, CRC-32C) into the data shard files. The
 * protobuf messages are decoded field by field with protobuf-java's {@link CodedInputStream} (field numbers from
 * tensorflow/core/protobuf/tensor_bundle.proto), so no generated TensorFlow classes are needed.
 */
public final class TensorBundle {
    /** TensorFlow DataType enum values this reader decodes to float. */
    private static final int DT_FLOAT = 1, DT_DOUBLE = 2, DT_BFLOAT16 = 14, DT_HALF = 19;

    /**
     * One variable's index entry.
     *
     * @param dtype  TensorFlow DataType number
     * @param shape  dimensions
     * @param shard  data shard number
     * @param offset byte offset in the shard
     * @param size   byte size in the shard
     * @param crc32c masked CRC-32C of the bytes
     */
    public record Entry(int dtype, long[] shape, int shard, long offset, long size, int crc32c) {}

    private final String origin;
    private final int shards;
    private final Map<String, Entry> entries;

    private TensorBundle(String origin, int shards, Map<String, Entry> entries) {
        this.origin = origin;
        this.shards = shards;
        this.entries = entries;
    }

    /** Parses the bytes of a {@code variables.index}. */
    public static TensorBundle parseIndex(byte[] indexFile, String origin) {
        Map<String, byte[]> table = LevelDbTable.read(indexFile, origin);
        byte[] header = table.get("");
        if (header == null) {
            throw new ModelLoadException(
                    origin + " has no tensor-bundle header (the empty key): not a TensorFlow index");
        }
        int shards = 1;
        try {
            CodedInputStream in = CodedInputStream.newInstance(header);
            for (int tag; (tag = in.readTag()) != 0; ) {
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case 1 -> shards = in.readInt32();
                    case 2 -> {
                        if (in.readEnum() != 0)
                            throw new ModelLoadException(
                                    origin + " is a big-endian bundle; only little-endian is supported");
                    }
                    default -> in.skipField(tag);
                }
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : table.entrySet()) {
                if (!e.getKey().isEmpty()) entries.put(e.getKey(), entry(e.getValue()));
            }
            return new TensorBundle(origin, shards, entries);
        } catch (IOException e) {
            throw new ModelLoadException(origin + " holds a malformed BundleEntryProto: " + e.getMessage(), e);
        }
    }

    private static Entry entry(byte[] proto) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(proto);
        int dtype = 0, shard = 0, crc = 0;
        long offset = 0, size = 0;
        List<Long> dims = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> dtype = in.readEnum();
                case 2 -> dims = shape(in.readByteArray());
                case 3 -> shard = in.readInt32();
                case 4 -> offset = in.readInt64();
                case 5 -> size = in.readInt64();
                case 6 -> crc = in.readFixed32();
                case 7 -> throw new IOException("sliced variables (partitioned checkpoints) are not supported");
                default -> in.skipField(tag);
            }
        }
        return new Entry(dtype, dims.stream().mapToLong(Long::longValue).toArray(), shard, offset, size, crc);
    }

    /** TensorShapeProto: repeated Dim dim = 2 { int64 size = 1; string name = 2; }. */
    private static List<Long> shape(byte[] proto) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(proto);
        List<Long> dims = new ArrayList<>();
        for (int tag; (tag = in.readTag()) != 0; ) {
            if (WireFormat.getTagFieldNumber(tag) == 2) {
                CodedInputStream dim = CodedInputStream.newInstance(in.readByteArray());
                long size = -1;
                for (int t; (t = dim.readTag()) != 0; ) {
                    if (WireFormat.getTagFieldNumber(t) == 1) size = dim.readInt64();
                    else dim.skipField(t);
                }
                dims.add(size);
            } else {
                in.skipField(tag);
            }
        }
        return dims;
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    public int shards() {
        return shards;
    }

    /**
     * Reads the variables that {@code wanted} accepts from the single data shard, streamed once front to back (so a
     * data file inside a zip needs no random access), checking each variable's CRC-32C.
     */
    public Map<String, Tensor> read(InputStream data, Predicate<String> wanted) throws IOException {
        if (shards != 1) {
            throw new ModelLoadException(
                    origin + " spreads its variables over " + shards + " shards; only one is supported");
        }
        List<Map.Entry<String, Entry>> todo = new ArrayList<>();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (wanted.test(e.getKey())) todo.add(e);
        }
        todo.sort(Comparator.comparingLong(e -> e.getValue().offset()));
        Map<String, Tensor> out = new LinkedHashMap<>();
        long pos = 0;
        for (Map.Entry<String, Entry> item : todo) {
            String name = item.getKey();
            Entry e = item.getValue();
            FloatCodec.Type type = floatType(e.dtype(), name);
            long n = 1;
            for (long d : e.shape()) n *= d;
            if (n * type.bytes != e.size() || e.offset() < pos) {
                throw new ModelLoadException(origin + ": variable '" + name + "' has " + e.size() + " bytes at offset "
                        + e.offset() + ", which does not fit its shape or overlaps the previous variable");
            }
            data.skipNBytes(e.offset() - pos);
            byte[] bytes = new byte[(int) e.size()];
            int got = data.readNBytes(bytes, 0, bytes.length);
            if (got != bytes.length) {
                throw new ModelLoadException(
                        origin + ": the data file ends inside variable '" + name + "' (truncated variables.data file)");
            }
            pos = e.offset() + e.size();
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            if (LevelDbTable.mask((int) crc.getValue()) != e.crc32c()) {
                throw new ModelLoadException(
                        origin + ": variable '" + name + "' fails its CRC-32C check (corrupt data file)");
            }
            out.put(name, new Tensor(e.shape().clone(), FloatCodec.decode(ByteBuffer.wrap(bytes), type, (int) n)));
        }
        return out;
    }

    private FloatCodec.Type floatType(int dtype, String name) {
        return switch (dtype) {
            case DT_FLOAT -> FloatCodec.Type.F32;
            case DT_DOUBLE -> FloatCodec.Type.F64;
            case DT_BFLOAT16 -> FloatCodec.Type.BF16;
            case DT_HALF -> FloatCodec.Type.F16;
            default -> throw new ModelLoadException(origin + ": variable '" + name + "' has TensorFlow dtype " + dtype
                    + "; only float, double, half and bfloat16 weights are supported");
        };
    }
}
