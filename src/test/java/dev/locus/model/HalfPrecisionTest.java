package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.LocusException;
import dev.locus.reference.ReferenceForward;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyCheckpoint.Arch;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models loaded in float16 keep their weights in float16 and give the float32 logits within half precision's error:
 * max |diff| at most 1% of the largest |logit| (float16 keeps 11 significant bits, about 5e-4 relative per value; a
 * forward pass compounds a few dozen roundings). Runs on the CPU through the same code a GPU runs.
 */
class HalfPrecisionTest {
    private static final int[] TOKENS = {3, 17, 5, 42, 8, 8, 11, 29, 1, 36};
    private static final double TOLERANCE = 0.01;

    @TempDir
    Path tmp;

    static Stream<Arguments> checkpoints() {
        return Stream.of(
                Arguments.of("gpt2 f32", TinyCheckpoint.builder(Arch.GPT2)),
                Arguments.of("llama bf16, tied, sharded", TinyCheckpoint.builder(Arch.LLAMA).dtype("BF16")
                        .tiedEmbeddings(true).sharded(true)),
                Arguments.of("gemma f32", TinyCheckpoint.builder(Arch.GEMMA)),
                Arguments.of("gemma2 bf16, softcaps and window", TinyCheckpoint.builder(Arch.GEMMA2).dtype("BF16")
                        .nLayers(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkpoints")
    void float16LogitsAgreeWithTheReference(String name, TinyCheckpoint.Builder builder) {
        TinyCheckpoint.Model ckpt = builder.write(tmp.resolve("model"));
        double[][] expected = ReferenceForward.logits(ckpt, TOKENS);
        try (LocusModel half = LocusModel.load(ckpt.dir(), Device.cpu(), ComputeType.FLOAT16)) {
            assertEquals(DataType.FLOAT16, half.transformer().weights().dataType());
            for (String p : half.transformer().weights().names()) {
                assertEquals(DataType.FLOAT16, half.transformer().weights().get(p).getDataType(), p);
            }
            assertEquals("float16", half.computeType());
            float[] got = half.logits(TOKENS);
            int vocab = expected[0].length;
            double maxRef = 0;
            double maxDiff = 0;
            for (int p = 0; p < TOKENS.length; p++) {
                for (int v = 0; v < vocab; v++) {
                    maxRef = Math.max(maxRef, Math.abs(expected[p][v]));
                    maxDiff = Math.max(maxDiff, Math.abs(expected[p][v] - got[p * vocab + v]));
                }
            }
            System.out.printf("%s: float16 max |diff| %.4g of max |logit| %.4g%n", name, maxDiff, maxRef);
            assertTrue(maxRef > 0.1, "the reference logits are not trivial");
            assertTrue(maxDiff <= TOLERANCE * maxRef, name + ": max |diff| " + maxDiff + " vs max |logit| " + maxRef);
            assertTrue(maxDiff > 0, name + ": float16 gave float32's logits exactly, so it did not compute in float16");
        }
    }

    @Test
    void theBundledModelInFloat16AgreesWithFloat32() {
        int[] tokens = {1, 5, 9, 13, 2, 7, 30, 4};
        try (LocusModel full = LocusModel.load(Bundled.sportsWorld(), Device.cpu(), ComputeType.FLOAT32);
             LocusModel half = LocusModel.load(Bundled.sportsWorld(), Device.cpu(), ComputeType.FLOAT16)) {
            float[] a = full.logits(tokens);
            float[] b = half.logits(tokens);
            double maxRef = 0;
            double maxDiff = 0;
            for (int i = 0; i < a.length; i++) {
                maxRef = Math.max(maxRef, Math.abs(a[i]));
                maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
            }
            System.out.printf("bundled model: float16 max |diff| %.4g of max |logit| %.4g%n", maxDiff, maxRef);
            assertTrue(maxDiff <= TOLERANCE * maxRef, "max |diff| " + maxDiff + " vs max |logit| " + maxRef);
        }
    }

    @Test
    void autoIsFloat32OnTheCpuAndFloat16OnAGpu() {
        assertEquals(ComputeType.FLOAT32, ComputeType.resolve("auto", Device.cpu()));
        assertEquals(ComputeType.FLOAT16, ComputeType.resolve("auto", Device.gpu()));
        assertEquals(ComputeType.FLOAT16, ComputeType.resolve("float16", Device.cpu()));
        assertEquals(ComputeType.FLOAT32, ComputeType.resolve("float32", Device.gpu()));
        assertEquals(2, ComputeType.FLOAT16.bytes());
        LocusException e = assertThrows(LocusException.class, () -> ComputeType.parse("bfloat16"));
        assertTrue(e.getMessage().contains("float16"), e.getMessage());
        e = assertThrows(LocusException.class, () -> ComputeType.parse("int8"));
        assertEquals("--dtype int8: expected auto, float32 or float16", e.getMessage());
    }
}
