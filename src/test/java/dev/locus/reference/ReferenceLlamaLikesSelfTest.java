package dev.locus.reference;

import static dev.locus.reference.TinyLlamaLikes.Arch.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Checks that the reference of Qwen2, Qwen3, Mistral and OLMo-2 computes what sets each apart, through
 * invariances its definition implies: a norm over q makes the output blind to q's scale, but a per-head norm only
 * to each head's own scale; a norm after attention makes it blind to o_proj's scale; a window hides far tokens.
 */
class ReferenceLlamaLikesSelfTest {
    private static final int[] TOKENS = {3, 17, 8, 42, 0, 25, 11, 9, 33, 4};

    @ParameterizedTest
    @EnumSource(TinyLlamaLikes.Arch.class)
    void causalAndNonTrivial(TinyLlamaLikes.Arch arch) {
        TinyCheckpoint.Model m = TinyLlamaLikes.builder(arch).slidingWindow(4).useSlidingWindow(1).seed(3).generate();
        double[][] full = ReferenceForward.logits(m, TOKENS);
        int[] changed = TOKENS.clone();
        changed[9] = 1;
        double[][] other = ReferenceForward.logits(m, changed);
        assertEquals(0, maxDiff(full, other, 0, 9), "earlier positions ignore a later token");
        assertTrue(maxDiff(full, other, 9, 10) > 1e-3, "the changed position's logits change");
        assertTrue(maxAbs(full) > 0.5, "logits are not trivial");
    }

    @Test
    void mistralWindowHidesTokensBeyondTheReachOfTwoLayers() {
        // Window 3 over two layers: position 9 reads positions 5-9 at most, so token 0 cannot reach it.
        int[] changed = TOKENS.clone();
        changed[0] = 1;
        TinyCheckpoint.Model windowed = TinyLlamaLikes.builder(MISTRAL).slidingWindow(3).generate();
        assertEquals(0, maxDiff(ReferenceForward.logits(windowed, TOKENS), ReferenceForward.logits(windowed, changed),
                9, 10));
        TinyCheckpoint.Model full = TinyLlamaLikes.builder(MISTRAL).generate();
        assertTrue(maxDiff(ReferenceForward.logits(full, TOKENS), ReferenceForward.logits(full, changed), 9, 10) > 1e-4);
    }

    @Test
    void qwenSlidesOnlyWithUseSlidingWindow() {
        int[] changed = TOKENS.clone();
        changed[0] = 1;
        TinyCheckpoint.Model off = TinyLlamaLikes.builder(QWEN2).slidingWindow(3).generate();
        assertTrue(maxDiff(ReferenceForward.logits(off, TOKENS), ReferenceForward.logits(off, changed), 9, 10) > 1e-4);
        TinyCheckpoint.Model on = TinyLlamaLikes.builder(QWEN2).slidingWindow(3).useSlidingWindow(0).generate();
        assertEquals(0, maxDiff(ReferenceForward.logits(on, TOKENS), ReferenceForward.logits(on, changed), 9, 10));
    }

    @Test
    void qkNormsMakeTheOutputBlindToTheScaleOfQ() {
        String q = "model.layers.0.self_attn.q_proj.weight";
        int rowsOfHead0 = 8;      // head_dim 8: rows 0-7 of q_proj are head 0's
        // Scaling all of q: both norms undo it (up to eps: ~1e-6 here); plain Mistral does not.
        for (TinyLlamaLikes.Arch arch : new TinyLlamaLikes.Arch[] {QWEN3, OLMO2}) {
            assertTrue(scaledRowsChange(arch, q, Integer.MAX_VALUE) < 1e-4, arch + " with all of q scaled: " + scaledRowsChange(arch, q, Integer.MAX_VALUE));
        }
        assertTrue(scaledRowsChange(MISTRAL, q, Integer.MAX_VALUE) > 1e-2);
        // Scaling one head's q: Qwen3 normalizes each head alone, OLMo-2 all heads together.
        assertTrue(scaledRowsChange(QWEN3, q, rowsOfHead0) < 1e-4);
        assertTrue(scaledRowsChange(OLMO2, q, rowsOfHead0) > 1e-2);
    }

    @Test
    void olmo2NormalizesTheAttentionOutputInsideTheResidual() {
        String o = "model.layers.1.self_attn.o_proj.weight";
        // post_attention_layernorm(o_proj(z)) undoes o_proj's scale (up to eps); Qwen2 adds o_proj(z) as it is.
        assertTrue(scaledRowsChange(OLMO2, o, Integer.MAX_VALUE) < 1e-4, "" + scaledRowsChange(OLMO2, o, Integer.MAX_VALUE));
        assertTrue(scaledRowsChange(QWEN2, o, Integer.MAX_VALUE) > 1e-2);
    }

    @Test
    void configsUseEachArchitecturesFieldNames() {
        var qwen2 = TinyLlamaLikes.builder(QWEN2).generate();
        assertEquals("Qwen2ForCausalLM", qwen2.config().get("architectures").get(0).asText());
        assertTrue(qwen2.config().has("use_sliding_window") && qwen2.config().has("max_window_layers"));
        assertTrue(qwen2.config().get("tie_word_embeddings").asBoolean());
        assertFalse(qwen2.weights().containsKey("lm_head.weight"));
        assertTrue(qwen2.weights().containsKey("model.layers.0.self_attn.k_proj.bias"));
        var olmo = TinyLlamaLikes.builder(OLMO2).generate();
        assertFalse(olmo.weights().containsKey("model.layers.0.input_layernorm.weight"));
        assertArrayEquals(new int[] {16}, olmo.shape("model.layers.0.self_attn.k_norm.weight"));
        assertArrayEquals(new int[] {8}, TinyLlamaLikes.builder(QWEN3).generate()
                .shape("model.layers.0.self_attn.k_norm.weight"));
    }

    /** Max change of the logits when the first {@code rows} rows of {@code tensor} ([out, in]) are scaled by 5. */
    private static double scaledRowsChange(TinyLlamaLikes.Arch arch, String tensor, int rows) {
        TinyCheckpoint.Model m = TinyLlamaLikes.builder(arch).seed(5).generate();
        Map<String, double[]> scaled = new HashMap<>(m.weights());
        double[] w = scaled.get(tensor).clone();
        int in = m.shape(tensor)[1];
        for (int i = 0; i < Math.min(w.length, (long) rows * in); i++) {
            w[i] *= 5;
        }
        scaled.put(tensor, w);
        double[][] before = ReferenceForward.logits(m, TOKENS);
        double[][] after = ReferenceForward.trace(m.config(), scaled, TOKENS).logits();
        return maxDiff(before, after, 0, TOKENS.length) / maxAbs(before);
    }

    private static double maxDiff(double[][] a, double[][] b, int from, int to) {
        double m = 0;
        for (int t = from; t < to; t++) {
            for (int v = 0; v < a[t].length; v++) {
                m = Math.max(m, Math.abs(a[t][v] - b[t][v]));
            }
        }
        return m;
    }

    private static double maxAbs(double[][] a) {
        return maxDiff(a, new double[a.length][a[0].length], 0, a.length);
    }
}
