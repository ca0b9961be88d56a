package dev.locus.model.io;

import static dev.locus.model.io.FloatCodec.bf16ToFloat;
import static dev.locus.model.io.FloatCodec.floatToBf16;
import static dev.locus.model.io.FloatCodec.floatToHalf;
import static dev.locus.model.io.FloatCodec.halfToFloat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatCodecTest {

    private static short s(int bits) {
        return (short) bits;
    }

    private static void assertBits(int expected, short actual, String what) {
        assertEquals(expected & 0xffff, actual & 0xffff, () -> what + ": got 0x" + Integer.toHexString(actual & 0xffff));
    }

    @Test
    void halfDecodesNormalsSubnormalsZerosAndSpecials() {
        assertEquals(1f, halfToFloat(s(0x3c00)));
        assertEquals(-2f, halfToFloat(s(0xc000)));
        assertEquals(65504f, halfToFloat(s(0x7bff)));
        assertEquals(0x1p-14f, halfToFloat(s(0x0400)), "smallest normal");
        assertEquals(0x1p-24f, halfToFloat(s(0x0001)), "smallest subnormal");
        assertEquals(1023 * 0x1p-24f, halfToFloat(s(0x03ff)), "largest subnormal");
        assertEquals(-0x1p-24f, halfToFloat(s(0x8001)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(halfToFloat(s(0x8000))), "negative zero");
        assertEquals(Float.POSITIVE_INFINITY, halfToFloat(s(0x7c00)));
        assertEquals(Float.NEGATIVE_INFINITY, halfToFloat(s(0xfc00)));
        assertTrue(Float.isNaN(halfToFloat(s(0x7e00))));
        assertTrue(Float.isNaN(halfToFloat(s(0x7c01))), "signalling NaN with the lowest payload bit");
        assertTrue(Float.isNaN(halfToFloat(s(0xffff))));
    }

    @Test
    void everyHalfSurvivesARoundTrip() {
        for (int h = 0; h <= 0xffff; h++) {
            float f = halfToFloat(s(h));
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(halfToFloat(floatToHalf(f))), "NaN 0x" + Integer.toHexString(h));
            } else {
                assertBits(h, floatToHalf(f), "half 0x" + Integer.toHexString(h));
            }
        }
    }

    @Test
    void halfRoundsToNearestEvenAtEveryMidpoint() {
        // Consecutive halves have 11 significant bits, so their midpoint is exact in float32.
        for (int h = 0; h < 0x7bff; h++) {
            float a = halfToFloat(s(h));
            float mid = a + (halfToFloat(s(h + 1)) - a) / 2;
            String at = "between 0x" + Integer.toHexString(h) + " and the next";
            assertBits((h & 1) == 0 ? h : h + 1, floatToHalf(mid), "tie " + at);
            assertBits(h, floatToHalf(Math.nextDown(mid)), "below " + at);
            assertBits(h + 1, floatToHalf(Math.nextUp(mid)), "above " + at);
            assertBits(((h & 1) == 0 ? h : h + 1) | 0x8000, floatToHalf(-mid), "negative tie " + at);
        }
    }

    @Test
    void halfOverflowAndUnderflow() {
        assertBits(0x7bff, floatToHalf(Math.nextDown(65520f)), "just below the overflow midpoint");
        assertBits(0x7c00, floatToHalf(65520f), "midpoint to 65536 rounds to even, which is infinity");
        assertBits(0x7c00, floatToHalf(1e10f), "large");
        assertBits(0xfc00, floatToHalf(-Float.MAX_VALUE), "large negative");
        assertBits(0x0000, floatToHalf(0x1p-25f), "half the smallest subnormal ties to zero");
        assertBits(0x0001, floatToHalf(Math.nextUp(0x1p-25f)), "just above rounds up");
        assertBits(0x0000, floatToHalf(Float.MIN_VALUE), "float subnormal");
        assertBits(0x8000, floatToHalf(-Float.MIN_VALUE), "sign kept");
        assertBits(0x7c00, floatToHalf(Float.POSITIVE_INFINITY), "infinity");
        assertTrue(Float.isNaN(halfToFloat(floatToHalf(Float.intBitsToFloat(0x7f800001)))), "NaN with low payload only");
        assertEquals(0.0999755859375f, halfToFloat(floatToHalf(0.1f)));
    }

    @Test
    void everyBf16SurvivesARoundTrip() {
        for (int h = 0; h <= 0xffff; h++) {
            float f = bf16ToFloat(s(h));
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(bf16ToFloat(floatToBf16(f))), "NaN 0x" + Integer.toHexString(h));
            } else {
                assertBits(h, floatToBf16(f), "bf16 0x" + Integer.toHexString(h));
            }
        }
    }

    @Test
    void bf16RoundsToNearestEvenAtEveryMidpoint() {
        for (int h = 0; h < 0x7f7f; h++) {
            float a = bf16ToFloat(s(h));
            float mid = a + (bf16ToFloat(s(h + 1)) - a) / 2; // 9 significant bits: exact (and a + b would overflow)
            String at = "between 0x" + Integer.toHexString(h) + " and the next";
            assertBits((h & 1) == 0 ? h : h + 1, floatToBf16(mid), "tie " + at);
            assertBits(h, floatToBf16(Math.nextDown(mid)), "below " + at);
            assertBits(h + 1, floatToBf16(Math.nextUp(mid)), "above " + at);
        }
    }

    @Test
    void bf16KnownRoundingAndSpecials() {
        assertEquals(1f, bf16ToFloat(floatToBf16(1 + 0x1p-8f)), "tie to the even neighbour below");
        assertEquals(1 + 0x1p-6f, bf16ToFloat(floatToBf16(1 + 3 * 0x1p-8f)), "tie to the even neighbour above");
        assertEquals(1 + 0x1p-7f, bf16ToFloat(floatToBf16(1 + 0x1p-7f + 0x1p-10f)), "nearest");
        assertEquals(Float.POSITIVE_INFINITY, bf16ToFloat(floatToBf16(Float.MAX_VALUE)), "rounds past the largest bf16");
        assertEquals(Float.NEGATIVE_INFINITY, bf16ToFloat(floatToBf16(Float.NEGATIVE_INFINITY)));
        assertTrue(Float.isNaN(bf16ToFloat(floatToBf16(Float.NaN))));
        assertTrue(Float.isNaN(bf16ToFloat(floatToBf16(Float.intBitsToFloat(0x7f800001)))), "low payload stays NaN");
        assertTrue(Float.isNaN(bf16ToFloat(floatToBf16(Float.intBitsToFloat(0xffffffff)))), "NaN near the carry");
        assertBits(0x8000, floatToBf16(-0f), "negative zero");
    }
}
