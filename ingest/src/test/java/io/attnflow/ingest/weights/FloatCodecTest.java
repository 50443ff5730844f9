package io.attnflow.ingest.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Half and bfloat16 bit patterns decode to the values IEEE 754 and the bfloat16 format define for them. */
class FloatCodecTest {
    @Test
    void halfPrecisionBitPatternsDecodeToTheirIeeeValues() {
        short[] bits = {0x3C00, (short) 0xC000, 0x3800, 0x7BFF, 0x0001, 0x0400, (short) 0x8000, 0x7C00, (short) 0xFC00};
        float[] values = {
            1f, -2f, 0.5f, 65504f, 0x1p-24f, 0x1p-14f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY
        };
        ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short s : bits) b.putShort(s);
        b.flip();
        assertArrayEquals(values, FloatCodec.decode(b, FloatCodec.Type.F16, bits.length));
        assertTrue(Float.isNaN(FloatCodec.halfToFloat((short) 0x7E00)));
        assertEquals(0.333251953125f, FloatCodec.halfToFloat((short) 0x3555)); // the nearest half to 1/3
    }

    @Test
    void bfloat16IsTheUpperHalfOfAFloat() {
        float[] values = {1.5f, -0.15625f, 3.0e38f, 1.0e-38f};
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putShort((short) (Float.floatToIntBits(v) >>> 16));
        b.flip();
        float[] got = FloatCodec.decode(b, FloatCodec.Type.BF16, values.length);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.intBitsToFloat(Float.floatToIntBits(values[i]) & 0xffff0000), got[i]);
        }
        assertEquals(1.5f, got[0]);
    }
}
