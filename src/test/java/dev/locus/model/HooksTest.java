package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamNames;
import dev.locus.model.hooks.ActivationCache;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HooksTest {
    private static Transformer llama;
    private static Transformer gpt2;
    private static Transformer gemma2;
    private static final TokenBatch TOKENS = TokenBatch.of(3, 1, 4, 1, 5, 9, 2, 6);

    @BeforeAll
    static void setUp() {
        Engines.start();
        llama = TinyModels.random(TinyModels.llama(), 1, DataType.FLOAT64);
        gpt2 = TinyModels.random(TinyModels.gpt2(), 2, DataType.FLOAT64);
        gemma2 = TinyModels.random(TinyModels.gemma2(), 3, DataType.FLOAT64);
    }

    @AfterAll
    static void tearDown() {
        llama.close();
        gpt2.close();
        gemma2.close();
    }

    @Test
    void patchingEveryHookWithItsOwnCachedValueLeavesLogitsUnchanged() {
        for (Transformer t : List.of(llama, gpt2, gemma2)) {
            List<String> names = HookPoints.all(t.config());
            try (NDManager scope = NDManager.newBaseManager()) {
                ActivationCache cache = new ActivationCache();
                NDArray clean = t.forward(scope, TOKENS, new Hooks().cache(cache, names));
                assertEquals(names.size(), cache.names().size(), "every hook point was reached");
                Hooks patch = new Hooks().add(names, (name, act) -> cache.get(name).duplicate());
                NDArray patched = t.forward(scope, TOKENS, patch);
                assertArrayEquals(clean.toDoubleArray(), patched.toDoubleArray(), 1e-12, t.config().architecture());
            }
        }
    }

    @Test
    void patchingOneHeadChangesOnlyThatHeadsContribution() {
        int layer = 1;
        int head = 2;
        try (NDManager scope = NDManager.newBaseManager()) {
            ActivationCache clean = new ActivationCache();
            List<String> watched = List.of(HookPoints.z(0), HookPoints.z(layer), HookPoints.attnOut(layer));
            NDArray cleanLogits = llama.forward(scope, TOKENS, new Hooks().cache(clean, watched));

            ActivationCache after = new ActivationCache();
            Hooks zeroHead = new Hooks().add(HookPoints.z(layer), (name, z) -> {
                NDArray keep = z.onesLike();
                keep.set(new NDIndex(":, :, {}, :", head), 0);
                return z.mul(keep);
            }).cache(after, watched);
            NDArray patchedLogits = llama.forward(scope, TOKENS, zeroHead);

            // earlier layers are untouched; in the patched layer every other head is untouched
            assertArrayEquals(clean.get(HookPoints.z(0)).toDoubleArray(), after.get(HookPoints.z(0)).toDoubleArray(), 0);
            for (int h = 0; h < 4; h++) {
                NDIndex at = new NDIndex(":, :, {}, :", h);
                double[] before = clean.get(HookPoints.z(layer)).get(at).toDoubleArray();
                double[] now = after.get(HookPoints.z(layer)).get(at).toDoubleArray();
                if (h == head) {
                    assertTrue(maxAbs(now) == 0 && maxAbs(before) > 1e-3, "the patched head is zero now");
                } else {
                    assertArrayEquals(before, now, 0, "head " + h);
                }
            }
            // attn_out lost exactly the head's term z_h . W_O[rows of h]
            int dh = llama.config().dHead();
            NDArray wO = llama.weights().get(ParamNames.wO(layer)).get(new NDIndex("{}:{}, :", head * dh, (head + 1) * dh));
            NDArray headTerm = clean.get(HookPoints.z(layer)).get(new NDIndex(":, :, {}, :", head)).matMul(wO);
            NDArray lost = clean.get(HookPoints.attnOut(layer)).sub(after.get(HookPoints.attnOut(layer)));
            assertArrayEquals(headTerm.toDoubleArray(), lost.toDoubleArray(), 1e-12);
            assertTrue(maxAbs(cleanLogits.sub(patchedLogits).toDoubleArray()) > 1e-4, "the output changed");
        }
    }

    @Test
    void unknownHookNameIsRejected() {
        try (NDManager scope = NDManager.newBaseManager()) {
            Hooks typo = new Hooks().add("blocks.0.hook_resid_prr", (n, a) -> a);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> llama.forward(scope, TOKENS, typo));
            assertTrue(e.getMessage().contains("hook_resid_prr"));
        }
    }

    @Test
    void hookShapesFollowTransformerLens() {
        try (NDManager scope = NDManager.newBaseManager()) {
            ActivationCache c = new ActivationCache();
            llama.forward(scope, TOKENS, new Hooks().cache(c, HookPoints.all(llama.config())));
            assertEquals("(1, 8, 4, 4)", c.get(HookPoints.q(0)).getShape().toString());
            assertEquals("(1, 8, 2, 4)", c.get(HookPoints.k(0)).getShape().toString(), "k per kv head");
            assertEquals("(1, 4, 8, 8)", c.get(HookPoints.pattern(0)).getShape().toString());
            assertEquals("(1, 8, 4, 4)", c.get(HookPoints.z(0)).getShape().toString());
            assertEquals("(1, 8, 24)", c.get(HookPoints.mlpPost(0)).getShape().toString());
            assertEquals("(1, 8, 16)", c.get(HookPoints.residPost(1)).getShape().toString());
            // the pattern is causal and sums to one
            double[] p = c.get(HookPoints.pattern(0)).toDoubleArray();
            for (int row = 0; row < 4 * 8; row++) {
                double sum = 0;
                for (int j = 0; j < 8; j++) {
                    sum += p[row * 8 + j];
                    if (j > row % 8) {
                        assertEquals(0, p[row * 8 + j], 1e-12);
                    }
                }
                assertEquals(1, sum, 1e-9);
            }
        }
    }

    /**
     * GPT-NeoX's parallel residual, hooked as TransformerLens hooks it: no resid_mid; mlp_in is resid_pre (the MLP
     * reads the block's input, not input + attention); resid_post = resid_pre + attn_out + mlp_out; rotary turns only
     * the first rotaryDim dimensions of q and k. A sequential NeoX keeps resid_mid.
     */
    @Test
    void aParallelResidualHasNoResidMidAndItsMlpReadsResidPre() {
        ModelConfig.Builder neox = ModelConfig.builder().architecture("GPTNeoXForCausalLM").nLayers(2).dModel(16)
                .nHeads(4).dMlp(32).vocabSize(50).norm(ModelConfig.NormKind.LAYER_NORM).gatedMlp(false)
                .activation(ModelConfig.Activation.GELU).attnBias(true).mlpBias(true).rotaryDim(2);
        try (Transformer parallel = TinyModels.random(neox.parallelResidual(true).build(), 5, DataType.FLOAT64);
             Transformer sequential = TinyModels.random(neox.parallelResidual(false).build(), 5, DataType.FLOAT64);
             NDManager scope = NDManager.newBaseManager()) {
            List<String> names = HookPoints.all(parallel.config());
            assertFalse(names.contains(HookPoints.residMid(0)), "no resid_mid with a parallel residual");
            assertTrue(HookPoints.all(sequential.config()).contains(HookPoints.residMid(0)));
            ActivationCache c = new ActivationCache();
            NDArray clean = parallel.forward(scope, TOKENS, new Hooks().cache(c, names));
            assertEquals(names.size(), c.names().size(), "every hook point was reached");
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(c.get(HookPoints.residPre(l)).toDoubleArray(), c.get(HookPoints.mlpIn(l)).toDoubleArray(), 0);
                NDArray sum = c.get(HookPoints.residPre(l)).add(c.get(HookPoints.attnOut(l))).add(c.get(HookPoints.mlpOut(l)));
                assertArrayEquals(sum.toDoubleArray(), c.get(HookPoints.residPost(l)).toDoubleArray(), 1e-12);
            }
            // rotary: dimensions 2.. of each head pass unchanged, 0 and 1 turn (beyond position 0)
            NDArray q = c.get(HookPoints.q(1));
            NDArray rotQ = c.get(HookPoints.rotQ(1));
            assertArrayEquals(q.get(new NDIndex(":, :, :, 2:")).toDoubleArray(), rotQ.get(new NDIndex(":, :, :, 2:")).toDoubleArray(), 0);
            assertTrue(maxAbs(q.get(new NDIndex(":, 1:, :, :2")).sub(rotQ.get(new NDIndex(":, 1:, :, :2"))).toDoubleArray()) > 1e-3);
            // patching every hook with its own value changes nothing; patching mlp_in moves the MLP alone
            Hooks same = new Hooks().add(names, (name, act) -> c.get(name).duplicate());
            assertArrayEquals(clean.toDoubleArray(), parallel.forward(scope, TOKENS, same).toDoubleArray(), 1e-12);
            ActivationCache after = new ActivationCache();
            parallel.forward(scope, TOKENS, new Hooks().add(HookPoints.mlpIn(0), (n, a) -> a.mul(a))
                    .cache(after, List.of(HookPoints.attnOut(0), HookPoints.mlpOut(0))));
            assertArrayEquals(c.get(HookPoints.attnOut(0)).toDoubleArray(), after.get(HookPoints.attnOut(0)).toDoubleArray(), 0);
            assertTrue(maxAbs(c.get(HookPoints.mlpOut(0)).sub(after.get(HookPoints.mlpOut(0))).toDoubleArray()) > 1e-3);
        }
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
