package dev.locus.model;

import static dev.locus.reference.TinyLlamaLikes.Arch.*;
import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.locus.model.hooks.Hooks;
import dev.locus.reference.ReferenceForward;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyCheckpoint.Arch;
import dev.locus.reference.TinyNeoxPhi;
import dev.locus.reference.TinyLlamaLikes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
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

    /** GPT-NeoX (per-head fused query_key_value, partial rotary, parallel residual) and Phi-3 (fused qkv, gate_up). */
    static Stream<Arguments> neoxAndPhi3() {
        return Stream.of(
                Arguments.of("gpt-neox f32, rotary_pct 0.5, parallel residual", TinyNeoxPhi.neox()),
                Arguments.of("gpt-neox bf16, rotary_pct 0.25, sequential residual, attention buffers, sharded",
                        TinyNeoxPhi.neox().dtype("BF16").rotaryPct(0.25).parallelResidual(false).attnBuffers(true)
                                .sharded(true)),
                Arguments.of("gpt-neox f32, no attention bias, 3 layers", TinyNeoxPhi.neox().attentionBias(false)
                        .nLayers(3)),
                Arguments.of("phi3 f32, GQA, untied", TinyNeoxPhi.phi3()),
                Arguments.of("phi3 bf16, GQA, window 4 < 10 tokens on every layer, sharded",
                        TinyNeoxPhi.phi3().dtype("BF16").slidingWindow(4).sharded(true)),
                Arguments.of("phi3 f32, partial_rotary_factor 0.75, tied, no GQA",
                        TinyNeoxPhi.phi3().rotaryPct(0.75).tied(true).nKvHeads(4)),
                Arguments.of("phi3 f32, LongRoPE, 10 tokens within the original 16: short factors",
                        TinyNeoxPhi.phi3().longRope(16)),
                Arguments.of("phi3 bf16, LongRoPE, 10 tokens past the original 8: long factors, partial rotary",
                        TinyNeoxPhi.phi3().dtype("BF16").longRope(8).rotaryPct(0.5)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checkpoints")
    void logitsMatchTheReference(String name, TinyCheckpoint.Builder builder) {
        assertAgrees(name, builder.write(tmp.resolve("model")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("neoxAndPhi3")
    void neoxAndPhi3LogitsMatchTheReference(String name, TinyNeoxPhi.Builder builder) {
        assertAgrees(name, builder.write(tmp.resolve("model")));
    }

    /** Each case exercises what sets its architecture apart (see TinyLlamaLikes for the defaults). */
    static Stream<Arguments> llamaLikes() {
        return Stream.of(
                Arguments.of("qwen2 f32, q/k/v biases and no o bias, tied", TinyLlamaLikes.builder(QWEN2)),
                Arguments.of("qwen2 bf16, use_sliding_window 3 from layer 1, untied, sharded",
                        TinyLlamaLikes.builder(QWEN2).dtype("BF16").slidingWindow(3).useSlidingWindow(1)
                                .tiedEmbeddings(false).sharded(true)),
                Arguments.of("qwen2 f32, layer_types slide layer 0 only, window 3",
                        TinyLlamaLikes.builder(QWEN2).slidingWindow(3).useSlidingWindow(28)
                                .layerTypes(List.of("sliding_attention", "full_attention"))),
                Arguments.of("qwen3 f32, per-head q/k norms, head_dim 12", TinyLlamaLikes.builder(QWEN3).headDim(12)),
                Arguments.of("qwen3 bf16, attention_bias, window 4 on every layer, tied",
                        TinyLlamaLikes.builder(QWEN3).dtype("BF16").attentionBias(true).slidingWindow(4)
                                .useSlidingWindow(0).tiedEmbeddings(true)),
                Arguments.of("mistral f32, window 3 < 10 tokens", TinyLlamaLikes.builder(MISTRAL).slidingWindow(3)),
                Arguments.of("mistral bf16, no window, head_dim 12, sharded",
                        TinyLlamaLikes.builder(MISTRAL).dtype("BF16").headDim(12).sharded(true)),
                Arguments.of("olmo2 f32, whole-projection q/k norms, norms after the sublayers",
                        TinyLlamaLikes.builder(OLMO2)),
                Arguments.of("olmo2 bf16, attention_bias, 3 layers, theta 500000",
                        TinyLlamaLikes.builder(OLMO2).dtype("BF16").attentionBias(true).nLayers(3)
                                .ropeTheta(500000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("llamaLikes")
    void llamaLikeLogitsMatchTheReference(String name, TinyLlamaLikes.Builder builder) {
        assertAgrees(name, builder.write(tmp.resolve("model")));
    }

    @Test
    void ropeThetaIsReadFromRopeParametersWhereNewerTransformersSaveIt() throws Exception {
        // transformers 5 writes {"rope_parameters": {"rope_theta": ..., "rope_type": "default"}} and no rope_theta.
        TinyCheckpoint.Model ckpt = TinyLlamaLikes.builder(QWEN3).ropeTheta(500000).write(tmp.resolve("model"));
        ObjectNode config = (ObjectNode) TinyCheckpoint.readJson(ckpt.dir().resolve("config.json"));
        config.remove("rope_theta");
        config.remove("rope_scaling");
        config.putObject("rope_parameters").put("rope_theta", 500000.0).put("rope_type", "default");
        new ObjectMapper().writeValue(ckpt.dir().resolve("config.json").toFile(), config);
        assertAgrees("qwen3 with rope_parameters", ckpt);   // the reference reads the original rope_theta 500000
    }

    private static void assertAgrees(String name, TinyCheckpoint.Model ckpt) {
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
            // the last position alone (its last layer runs for that query only), left-padded beside a shorter row
            int[] shorter = java.util.Arrays.copyOfRange(TOKENS, 0, 4);
            float[] last = model.transformer().forwardLast(scope,
                    TokenBatch.of(java.util.List.of(TOKENS, shorter), TokenBatch.Padding.LEFT, 0), Hooks.none())
                    .toFloatArray();
            double lastDiff = 0;
            for (int v = 0; v < vocab; v++) {
                lastDiff = Math.max(lastDiff, Math.abs(expected[TOKENS.length - 1][v] - last[v]));
            }
            assertTrue(lastDiff <= 1e-4 * maxRef, name + ", forwardLast: max |diff| " + lastDiff);
        }
    }
}
