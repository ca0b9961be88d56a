package dev.locus.model.io;

/**
 * Bit-level conversions between float32 and the 16-bit float formats. Written by hand because
 * {@code Float.float16ToFloat} only exists from Java 20 and DJL aborts on BF16 (see src/docs/dependencies.md).
 */
final class FloatCodec {
    private FloatCodec() {
    }

    /** IEEE 754 binary16 to float32; exact for every input (subnormals, infinities and NaN payloads kept). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) { // zero or subnormal: mant * 2^-24, exact in float32
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        // Rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** float32 to IEEE 754 binary16, rounding to nearest even; overflow gives infinity, NaN stays NaN. */
    static short floatToHalf(float value) {
        int f = Float.floatToRawIntBits(value);
        int sign = (f >>> 16) & 0x8000;
        int abs = f & 0x7fffffff;
        if (abs >= 0x7f800000) { // infinity, or NaN made quiet so that the payload cut cannot turn it into infinity
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 | ((abs >>> 13) & 0x3ff) : 0));
        }
        if (abs >= 0x477ff000) { // 65520 and up round past the largest half (65504)
            return (short) (sign | 0x7c00);
        }
        int shift;
        int mant;
        int base;
        if (abs >= 0x38800000) { // normal half: drop 13 mantissa bits
            shift = 13;
            mant = abs & 0x7fffff;
            base = ((abs >>> 23) - 112) << 10;
        } else { // subnormal half (or zero): count in units of 2^-24
            int exp = abs >>> 23;
            shift = 126 - exp;
            if (shift > 24) {
                return (short) sign; // below 2^-25: rounds to zero
            }
            mant = (abs & 0x7fffff) | 0x800000;
            base = 0;
        }
        int h = base + (mant >>> shift);
        int rest = mant & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (rest > half || (rest == half && (h & 1) != 0)) {
            h++; // a carry into the exponent is the correct next value
        }
        return (short) (sign | h);
    }

    /** bfloat16 to float32: bfloat16 is the top half of a float32. */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** float32 to bfloat16, rounding to nearest even; NaN stays NaN (quiet), large values round to infinity. */
    static short floatToBf16(float value) {
        int f = Float.floatToRawIntBits(value);
        if ((f & 0x7fffffff) > 0x7f800000) {
            return (short) ((f >>> 16) | 0x0040); // set the quiet bit so a low-only payload does not become infinity
        }
        return (short) ((f + 0x7fff + ((f >>> 16) & 1)) >>> 16);
    }
}
