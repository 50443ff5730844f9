package io.attnflow.ingest.tf;

import io.attnflow.ingest.tf.proto.TensorBundleProtos.BundleEntryProto;
import io.attnflow.ingest.tf.proto.TensorBundleProtos.BundleHeaderProto;
import io.attnflow.ingest.tf.proto.TensorBundleProtos.DataType;
import io.attnflow.ingest.tf.proto.TensorBundleProtos.TensorShapeProto;
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
 * protobuf messages are parsed by the classes protoc generates from {@code src/main/proto/tensor_bundle.proto}, a
 * trimmed copy of TensorFlow's schema.
 */
public final class TensorBundle {

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
        try {
            BundleHeaderProto head = BundleHeaderProto.parseFrom(header);
            if (head.getEndiannessValue() != BundleHeaderProto.Endianness.LITTLE_VALUE) {
                throw new ModelLoadException(origin + " is a big-endian bundle; only little-endian is supported");
            }
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : table.entrySet()) {
                if (!e.getKey().isEmpty()) entries.put(e.getKey(), entry(e.getValue()));
            }
            // proto3 cannot tell an absent num_shards from 0; TensorFlow always writes it, a missing one means one
            // shard.
            return new TensorBundle(origin, Math.max(1, head.getNumShards()), entries);
        } catch (IOException e) {
            throw new ModelLoadException(origin + " holds a malformed BundleEntryProto: " + e.getMessage(), e);
        }
    }

    private static Entry entry(byte[] bytes) throws IOException {
        BundleEntryProto proto = BundleEntryProto.parseFrom(bytes);
        if (proto.getSlicesCount() > 0) {
            throw new IOException("sliced variables (partitioned checkpoints) are not supported");
        }
        long[] shape = proto.getShape().getDimList().stream()
                .mapToLong(TensorShapeProto.Dim::getSize)
                .toArray();
        return new Entry(
                proto.getDtypeValue(),
                shape,
                proto.getShardId(),
                proto.getOffset(),
                proto.getSize(),
                proto.getCrc32C());
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
            case DataType.DT_FLOAT_VALUE -> FloatCodec.Type.F32;
            case DataType.DT_DOUBLE_VALUE -> FloatCodec.Type.F64;
            case DataType.DT_BFLOAT16_VALUE -> FloatCodec.Type.BF16;
            case DataType.DT_HALF_VALUE -> FloatCodec.Type.F16;
            default -> throw new ModelLoadException(origin + ": variable '" + name + "' has TensorFlow dtype " + dtype
                    + "; only float, double, half and bfloat16 weights are supported");
        };
    }
}
