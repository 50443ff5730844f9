package io.attnflow.ingest.tf;

import io.attnflow.ingest.weights.ModelLoadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads an immutable LevelDB-format table (an SSTable), the container TensorFlow uses for a checkpoint's
 * {@code variables.index}. The layout (leveldb/doc/table_format.md):
 *
 * <pre>
 * [data block]* [meta blocks]* [metaindex block] [index block] [footer: 48 bytes]
 * footer  = metaindex handle, index handle (varint64 offset + varint64 size each), zero padding to 40 bytes,
 *           magic 0xdb4775248b80fb57 (little-endian)
 * block   = entries, restart offsets (uint32 each), restart count (uint32), then a 5-byte trailer:
 *           compression type (1 byte) and masked CRC-32C of block + type (4 bytes)
 * entry   = varint32 shared key bytes, varint32 unshared key bytes, varint32 value length,
 *           unshared key suffix, value
 * index   = one entry per data block: key ≥ the block's last key, value = the block's handle
 * </pre>
 *
 * Only uncompressed blocks are supported: TensorFlow writes its tensor-bundle index without compression.
 */
public final class LevelDbTable {
    private static final long MAGIC = 0xdb4775248b80fb57L;
    private static final int FOOTER = 48;
    private static final int TRAILER = 5;

    private LevelDbTable() {}

    /** Every key → value of the table, in key order. {@code origin} names the file in error messages. */
    public static Map<String, byte[]> read(byte[] table, String origin) {
        if (table.length < FOOTER) {
            throw corrupt(origin, "it is " + table.length + " bytes, shorter than the 48-byte table footer");
        }
        ByteBuffer footer =
                ByteBuffer.wrap(table, table.length - FOOTER, FOOTER).order(ByteOrder.LITTLE_ENDIAN);
        long magic = footer.getLong(table.length - 8);
        if (magic != MAGIC) {
            throw corrupt(origin, "its footer lacks the LevelDB table magic number (truncated or not a table)");
        }
        Cursor f = new Cursor(table, table.length - FOOTER, table.length - 8, origin);
        f.varint64(); // metaindex handle: TensorFlow stores no meta blocks we need
        f.varint64();
        long indexOffset = f.varint64();
        long indexSize = f.varint64();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> index :
                block(table, indexOffset, indexSize, origin).entrySet()) {
            Cursor h = new Cursor(index.getValue(), 0, index.getValue().length, origin);
            long off = h.varint64();
            long size = h.varint64();
            out.putAll(block(table, off, size, origin));
        }
        return out;
    }

    private static Map<String, byte[]> block(byte[] table, long offset, long size, String origin) {
        if (offset < 0 || size < 4 || offset + size + TRAILER > table.length - FOOTER) {
            throw corrupt(origin, "a block handle [" + offset + ", +" + size + "] points outside the file");
        }
        int start = (int) offset, end = (int) (offset + size);
        int type = table[end] & 0xff;
        if (type != 0) {
            throw new ModelLoadException(origin + " uses compressed table blocks (type " + type
                    + "); only uncompressed LevelDB tables, as TensorFlow writes them, are supported");
        }
        CRC32C crc = new CRC32C();
        crc.update(table, start, (int) size + 1);
        int stored = ByteBuffer.wrap(table, end + 1, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
        if (unmask(stored) != (int) crc.getValue()) {
            throw corrupt(origin, "the checksum of the block at offset " + offset + " does not match its contents");
        }
        int restarts = ByteBuffer.wrap(table, end - 4, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
        int entriesEnd = end - 4 - 4 * restarts;
        if (restarts < 1 || entriesEnd < start) {
            throw corrupt(origin, "the block at offset " + offset + " has an impossible restart count " + restarts);
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        Cursor c = new Cursor(table, start, entriesEnd, origin);
        byte[] key = new byte[0];
        while (c.pos < entriesEnd) {
            int shared = (int) c.varint64();
            int unshared = (int) c.varint64();
            int valueLen = (int) c.varint64();
            if (shared > key.length || unshared < 0 || valueLen < 0 || c.pos + unshared + valueLen > entriesEnd) {
                throw corrupt(origin, "an entry of the block at offset " + offset + " runs past the block");
            }
            byte[] next = Arrays.copyOf(key, shared + unshared);
            System.arraycopy(table, c.pos, next, shared, unshared);
            c.pos += unshared;
            key = next;
            out.put(new String(key, StandardCharsets.UTF_8), Arrays.copyOfRange(table, c.pos, c.pos + valueLen));
            c.pos += valueLen;
        }
        return out;
    }

    /** LevelDB stores CRCs masked, so that a CRC of data holding CRCs is not degenerate. */
    static int unmask(int masked) {
        int rot = masked - 0xa282ead8;
        return (rot >>> 17) | (rot << 15);
    }

    /** The masked form of a CRC-32C, as LevelDB and TensorFlow store it. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static ModelLoadException corrupt(String origin, String why) {
        return new ModelLoadException(origin + " is not a valid LevelDB table (TensorFlow variables.index): " + why);
    }

    /** A read position over a byte range, decoding varints. */
    private static final class Cursor {
        final byte[] b;
        int pos;
        final int end;
        final String origin;

        Cursor(byte[] b, int pos, int end, String origin) {
            this.b = b;
            this.pos = pos;
            this.end = end;
            this.origin = origin;
        }

        long varint64() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw corrupt(origin, "a varint runs past its block");
                int x = b[pos++] & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw corrupt(origin, "a varint is longer than 10 bytes");
        }
    }
}
