package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.hooks.ActivationCache;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hook points of the q/k-norm layouts: where hook_q sits, and that the residual stream still adds up. */
class LlamaLikeHooksTest {
    private static final TokenBatch TOKENS = TokenBatch.of(3, 1, 4, 1, 5, 9, 2, 6);

    private static ModelConfig.Builder base(String architecture) {
        return ModelConfig.builder().architecture(architecture).nLayers(2).dModel(16).nHeads(4).nKvHeads(2).dHead(4)
                .dMlp(24).vocabSize(20).maxPositions(64);
    }

    static ModelConfig qwen3() {
        return base("Qwen3ForCausalLM").qkNorm(ModelConfig.QkNorm.PER_HEAD).build();
    }

    static ModelConfig olmo2() {
        return base("Olmo2ForCausalLM").qkNorm(ModelConfig.QkNorm.WHOLE).preNorms(false).sandwichNorms(true).build();
    }

    @Test
    void everyHookIsReachedAndTheResidualStreamAddsUp() {
        for (ModelConfig c : List.of(qwen3(), olmo2())) {
            try (Transformer t = TinyModels.random(c, 7, DataType.FLOAT64);
                 NDManager scope = NDManager.newBaseManager()) {
                List<String> names = HookPoints.all(c);
                ActivationCache cache = new ActivationCache();
                NDArray clean = t.forward(scope, TOKENS, new Hooks().cache(cache, names));
                assertEquals(names.size(), cache.names().size(), c.architecture());
                NDArray patched = t.forward(scope, TOKENS, new Hooks().add(names, (n, a) -> cache.get(n).duplicate()));
                assertArrayEquals(clean.toDoubleArray(), patched.toDoubleArray(), 1e-12, c.architecture());
                for (int l = 0; l < 2; l++) {
                    assertArrayEquals(cache.get(HookPoints.residMid(l)).toDoubleArray(),
                            cache.get(HookPoints.residPre(l)).add(cache.get(HookPoints.attnOut(l))).toDoubleArray(),
                            1e-12);
                    assertArrayEquals(cache.get(HookPoints.residPost(l)).toDoubleArray(),
                            cache.get(HookPoints.residMid(l)).add(cache.get(HookPoints.mlpOut(l))).toDoubleArray(),
                            1e-12);
                }
            }
        }
    }

    @Test
    void hookQIsTheProjectionBeforeTheNorm() {
        // Scaling hook_q: the q norm undoes it (Qwen3, OLMo-2), Llama's attention sees it. Scaling one head's q:
        // Qwen3 normalizes that head alone and undoes it; OLMo-2 normalizes all heads together and does not.
        // (Undone up to the norm's eps: 5e-6 to 7e-5 of the largest logit here, against 0.7 to 1 when not.)
        assertTrue(change(qwen3(), ":") < 1e-3);
        assertTrue(change(olmo2(), ":") < 1e-3);
        assertTrue(change(TinyModels.llama(), ":") > 1e-2);
        assertTrue(change(qwen3(), ":, :, 1") < 1e-3);
        assertTrue(change(olmo2(), ":, :, 1") > 1e-2);
    }

    /** Largest change of the logits when the heads {@code heads} (an index of hook_q) of layer 0's q are tripled. */
    private static double change(ModelConfig c, String heads) {
        try (Transformer t = TinyModels.random(c, 7, DataType.FLOAT64);
             NDManager scope = NDManager.newBaseManager()) {
            NDArray clean = t.forward(scope, TOKENS, Hooks.none());
            Hooks triple = new Hooks().add(HookPoints.q(0), (n, q) -> {
                NDArray scaled = q.duplicate();
                scaled.set(new NDIndex(heads), q.get(new NDIndex(heads)).mul(3));
                return scaled;
            });
            NDArray patched = t.forward(scope, TOKENS, triple);
            return clean.sub(patched).abs().max().getDouble() / clean.abs().max().getDouble();
        }
    }
}
