package dev.locus.reference;

/**
 * bfloat16 conversion, as PyTorch does it ({@code tensor.to(torch.bfloat16)}): keep the top 16 bits of the IEEE
 * float32 pattern, rounding the dropped 16 bits to nearest, ties to even.
 *
 * <p>A bf16 value is a float32 whose low 16 bits are zero, so every bf16 value is exactly a float and a double.
 */
public final class Bf16 {
    private Bf16() {
    }

    /** The bf16 bit pattern (in the low 16 bits of the int) nearest to {@code f}, ties to even. */
    public static int bits(float f) {
        int x = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return ((x >>> 16) | 0x0040) & 0xFFFF; // keep the sign, force a quiet NaN
        }
        // Adding 0x7FFF rounds up when the dropped half is above 0x8000; the extra +lsb turns the exact tie
        // (dropped half == 0x8000) into a round-up only when the kept part is odd, i.e. ties go to even.
        // A carry out of the mantissa bumps the exponent, which is the correct rounding (up to infinity at most).
        int lsb = (x >>> 16) & 1;
        return ((x + 0x7FFF + lsb) >>> 16) & 0xFFFF;
    }

    /** The float whose pattern is the bf16 pattern {@code bits} followed by 16 zero bits. */
    public static float toFloat(int bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    /** {@code v} rounded to float32, then to bf16 (PyTorch's double->bf16 path goes through float too). */
    public static double round(double v) {
        return toFloat(bits((float) v));
    }

    /** Whether {@code v} is exactly a bf16 value. */
    public static boolean isExact(double v) {
        float f = (float) v;
        return f == v && (Float.floatToRawIntBits(f) & 0xFFFF) == 0;
    }
}
