package io.attnflow.ingest.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes little-endian float32, float16, bfloat16 and float64 bytes into float32. */
public final class FloatCodec {
    private FloatCodec() {}

    /** Storage element types that decode to float. */
    public enum Type {
        F32(4),
        F16(2),
        BF16(2),
        F64(8);

        public final int bytes;

        Type(int bytes) {
            this.bytes = bytes;
        }
    }

    /** Reads {@code count} values of {@code type} from {@code buf} (from its position, little-endian). */
    public static float[] decode(ByteBuffer buf, Type type, int count) {
        ByteBuffer le = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        switch (type) {
            case F32 -> le.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < count; i++) out[i] = (float) le.getDouble(i * 8);
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) out[i] = Float.intBitsToFloat((le.getShort(i * 2) & 0xffff) << 16);
            }
            case F16 -> {
                for (int i = 0; i < count; i++) out[i] = halfToFloat(le.getShort(i * 2));
            }
        }
        return out;
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat arrives only in Java 20). */
    public static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) { // inf or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            // subnormal: value = mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
