package dev.locus.plan;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.budget.Estimate;
import dev.locus.model.budget.Estimator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plan of the paper's configs on the published shapes, without any weights. */
class ExperimentPlanTest {
    private static final Path PAPER = Path.of("sample-configs/paper");

    @Test
    void circuitChunksShrinkWithTheModelSoThatTheRunFits() {
        int[] small = new Estimator(ModelShape.of("llama-3.2-1b").config(), 0, 4)
                .circuitChunks(16, 32);
        assertEquals(1, small[0], "a 1.2B model: one prompt per gradient pass (28 MB per token of split inputs)");
        assertTrue(small[1] >= 32 && small[1] < 2048, "patched passes of fewer tokens: " + small[1]);
        ExperimentConfig c = ExperimentConfig.parse("{\"name\": \"c\", \"methods\": [\"circuit\"]}", "c.json");
        Estimate circuit = ExperimentPlan.of(c, ModelShape.of("llama-3.2-1b"), 4, ExperimentPlan.Lengths.DEFAULTS).stream()
                .filter(e -> e.label().equals("localize circuit")).findFirst().orElseThrow();
        assertTrue(circuit.activationBytes() < 2_000_000_000L, "fits beside the 5 GB of weights on 24 GB: "
                + circuit.breakdown());
    }

    @Test
    void thePublishedShapesHaveTheirPublishedParameterCounts() {
        // as Hugging Face's model cards and num_parameters() give them
        assertEquals(1_235_814_400L, ModelShape.of("llama-3.2-1b").parameters());
        assertEquals(2_614_341_888L, ModelShape.of("gemma-2-2b").parameters());
        assertEquals(8_537_680_896L, ModelShape.of("gemma-7b").parameters());
        assertEquals(8_030_261_248L, ModelShape.of("llama-3-8b").parameters());
        assertEquals(9_241_705_984L, ModelShape.of("gemma-2-9b").parameters());
    }

    @Test
    void eachMethodTrainsWhatItsSelectionRuleSelects() {
        ExperimentConfig c = ExperimentConfig.read(PAPER.resolve("gemma-7b-sports-athletes-16.json"));
        ModelShape s = ModelShape.of("gemma-7b");
        Map<String, Long> t = ExperimentPlan.trainedParameters(c, s.catalog(), 28, c.methods());
        long mlp = 3L * 3072 * 24576;                              // gate, up, down of one layer
        assertEquals(6 * mlp, t.get("flu"), "FLU = MLPs 2-7 (the config's flu_layers)");
        assertEquals(28 * mlp, t.get("all-mlps"));
        long attention = 4L * 3072 * 16 * 256;                     // q, k, v, o
        assertEquals(28 * (mlp + attention), t.get("nonlocalized"), "every weight matrix");
        assertEquals(6 * mlp, t.get("random-mlps"), "as many MLP layers as FLU");
        assertEquals(t.get("flu"), t.get("causal-tracing"), "the OT methods spend FLU's budget");
        long random = t.get("random");
        assertTrue(random >= t.get("flu") && random < t.get("flu") + mlp, "random matrices cross FLU's budget: " + random);
    }

    @Test
    void everyStageAndMethodIsPlannedAndTheLargeEditsDoNotFitOneGpu() {
        ExperimentConfig c = ExperimentConfig.read(PAPER.resolve("gemma-7b-sports-athletes-16.json"));
        List<Estimate> rows = ExperimentPlan.of(c, ModelShape.of("gemma-7b"), 2, ExperimentPlan.Lengths.DEFAULTS);
        assertEquals("load", rows.get(0).stage());
        assertEquals(List.of("attribution-patching", "causal-tracing"),
                rows.stream().filter(r -> r.stage().equals("localize")).map(Estimate::method).toList(),
                "FLU by flu_layers needs no probes; the OT methods need both scorings");
        for (String stage : List.of("edit", "relearn", "soft-prompt", "evaluate")) {
            assertEquals(c.methods(), rows.stream().filter(r -> r.stage().equals(stage)).map(Estimate::method).toList());
        }
        Estimate nonlocalized = rows.stream().filter(r -> r.label().equals("edit nonlocalized")).findFirst().orElseThrow();
        Estimate flu = rows.stream().filter(r -> r.label().equals("edit flu")).findFirst().orElseThrow();
        // 8.5B parameters of state at 20 bytes each in half precision with float32 master copies: over 141 GB alone
        assertTrue(nonlocalized.trainedBytes() > 141e9, nonlocalized.breakdown());
        assertTrue(flu.trainedBytes() < 30e9, flu.breakdown());
        assertEquals(flu.activationBytes(), nonlocalized.activationBytes(), "the same batches");
    }

    @Test
    void aMicroBatchShrinksActivationsAndLogitsButNotTheTrainedState() {
        Estimator e = new Estimator(ModelShape.of("llama-3.2-1b").config(), 1_235_814_400L, 4);
        Estimate whole = e.edit("flu", 1_000_000, new Estimator.Batch(64, 0, 32, 100), 2);
        Estimate micro = e.edit("flu", 1_000_000, new Estimator.Batch(64, 8, 32, 100), 2);
        assertEquals(whole.trainedBytes(), micro.trainedBytes());
        assertEquals(whole.activationBytes(), 8 * micro.activationBytes(), 8.0);
        assertEquals(whole.logitBytes(), 8 * micro.logitBytes());
        assertEquals(whole.flops(), micro.flops(), 1.0, "the same work in smaller pieces");
        // logits at vocab 128,256: the prompts' last positions (2 x 64) and the text's 64 x 100, at 16 bytes
        assertEquals(64L * 102 * 128_256 * 16, whole.logitBytes());
        Estimator half = new Estimator(ModelShape.of("llama-3.2-1b").config(), 1_235_814_400L, 2);
        assertEquals(1_235_814_400L * 2, half.weightBytes() - (e.weightBytes() - 1_235_814_400L * 4));
        assertEquals(20, half.trainedBytesPerParameter(), "float32 master, gradient, two moments, half copy and grad");
    }

    @Test
    void loraCountsAdaptersOnEveryLinearMatrixAndFullModeEveryMatrix() {
        ModelShape s = ModelShape.of("llama-3.2-1b");
        Estimator e = new Estimator(s.config(), s.parameters(), 4);
        // per layer: q,k,v fused (2048 -> 3072), o (2048 -> 2048), gate+up (2048 -> 16384), down (8192 -> 2048)
        long perLayer = 16L * ((2048 + 3072) + (2048 + 2048) + (2048 + 16384) + (8192 + 2048));
        assertEquals(16 * perLayer, e.loraParameters(16));
        Estimate lora = e.relearn("flu", 0, 16, 1_000_000_000L, new Estimator.Batch(32, 0, 32, 100), 20);
        Estimate full = e.relearn("flu", 0, 0, 1_000_000_000L, new Estimator.Batch(32, 0, 32, 100), 20);
        assertEquals(16 * perLayer * 16, lora.trainedBytes(), "16 bytes per adapter parameter");
        assertEquals(16_000_000_000L, full.trainedBytes());
    }
}
