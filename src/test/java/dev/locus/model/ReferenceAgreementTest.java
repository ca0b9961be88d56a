package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.locus.model.hooks.Hooks;
import dev.locus.reference.ReferenceForward;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyCheckpoint.Arch;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our NDArray transformer, loaded from real HF-layout checkpoints, against the independent double-precision
 * reference (plain loops from the published architecture definitions): logits agree to 1e-4 relative.
 */
class ReferenceAgreementTest {
    private static final int[] TOKENS = {3, 17, 5, 42, 8, 8, 11, 29, 1, 36};   // 10 tokens > Gemma 2's window 4

    @TempDir
    Path tmp;

    static Stream<Arguments> checkpoints() {
        return Stream.of(
                Arguments.of("gpt2 f32, transformer. prefix", TinyCheckpoint.builder(Arch.GPT2).gpt2Prefix(true)),
                Arguments.of("gpt2 bf16, no prefix, lm_head copy and attn buffers",
                        TinyCheckpoint.builder(Arch.GPT2).dtype("BF16").gpt2Prefix(false).gpt2LmHeadCopy(true)
                                .gpt2AttnBuffers(true)),
                Arguments.of("llama f32, GQA, untied", TinyCheckpoint.builder(Arch.LLAMA)),
                Arguments.of("llama bf16, tied, biases, llama3 rope scaling, sharded",
                        TinyCheckpoint.builder(Arch.LLAMA).dtype("BF16").tiedEmbeddings(true).attentionBias(true)
                                .ropeScaling(TinyCheckpoint.RopeScaling.llama3(16)).ropeTheta(500000).sharded(true)),
                Arguments.of("gemma f32, one kv head", TinyCheckpoint.builder(Arch.GEMMA)),
                Arguments.of("gemma bf16, legacy hidden_act", TinyCheckpoint.builder(Arch.GEMMA).dtype("BF16")
                        .legacyGemmaAct(true)),
                Arguments.of("gemma2 f32, window 4 < 10 tokens", TinyCheckpoint.builder(Arch.GEMMA2).nLayers(3)),
                Arguments.of("gemma2 bf16, sharded", TinyCheckpoint.builder(Arch.GEMMA2).dtype("BF16").sharded(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkpoints")
    void logitsMatchTheReference(String name, TinyCheckpoint.Builder builder) {
        TinyCheckpoint.Model ckpt = builder.write(tmp.resolve("model"));
        double[][] expected = ReferenceForward.logits(ckpt, TOKENS);
        try (LocusModel model = LocusModel.load(ckpt.dir(), TestDevices.chosen());   // -Dlocus.device: gpu-check.sh
             NDManager scope = NDManager.newBaseManager()) {
            NDArray logits = model.transformer().forward(scope, TokenBatch.of(TOKENS), Hooks.none());
            float[] got = logits.toFloatArray();
            int vocab = expected[0].length;
            assertEquals(TOKENS.length * vocab, got.length);
            double maxRef = 0;
            double maxDiff = 0;
            for (int p = 0; p < TOKENS.length; p++) {
                for (int v = 0; v < vocab; v++) {
                    maxRef = Math.max(maxRef, Math.abs(expected[p][v]));
                    maxDiff = Math.max(maxDiff, Math.abs(expected[p][v] - got[p * vocab + v]));
                }
            }
            assertTrue(maxRef > 0.1, "the reference logits are not trivial");
            assertTrue(maxDiff <= 1e-4 * maxRef, name + ": max |diff| " + maxDiff + " vs max |logit| " + maxRef);
        }
    }
}
