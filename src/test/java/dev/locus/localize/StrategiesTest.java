package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.core.LocusException;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.Probes;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.RandomInit;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Selection strategies on synthetic scores and curves, where the right answer is known by construction. */
class StrategiesTest {
    // 8 layers, d_model 16, d_mlp 32: an MLP has 3 x 16 x 32 = 1536 parameters, an attention layer 4 x 16 x 16 = 1024
    static final ModelConfig CONFIG = ModelConfig.builder().architecture("LlamaForCausalLM").nLayers(8).dModel(16)
            .nHeads(4).dMlp(32).vocabSize(20).maxPositions(32).build();
    static final ComponentCatalog CATALOG = new ComponentCatalog(CONFIG, RandomInit.specs(CONFIG));

    @Test
    void fluTakesTheLayersWhereTheSubjectProbeRises() {
        // the paper's Gemma-7B curve on the athlete alone, after an embedding baseline of 0.40
        Selection flu = Strategies.flu(CATALOG, curve(0.40, 0.44, 0.48, 0.63, 0.85, 0.97, 0.97, 1.0, 1.0),
                Strategies.FluRule.defaults());
        assertEquals(List.of("L2.mlp", "L3.mlp", "L4.mlp"), flu.components().ids(), flu.rule());
        assertEquals(3 * 1536, flu.parameterCount());
        Selection strict = Strategies.flu(CATALOG, curve(0.40, 0.44, 0.48, 0.63, 0.85, 0.97, 0.97, 1.0, 1.0),
                new Strategies.FluRule(0.05, 1.0));
        assertEquals(List.of("L0.mlp", "L1.mlp", "L2.mlp", "L3.mlp", "L4.mlp", "L5.mlp", "L6.mlp"), strict.components().ids(),
                "a lower rise threshold starts earlier, a full plateau ends later");
        assertThrows(LocusException.class, () -> Strategies.flu(CATALOG, curve(0.33, 0.34, 0.33, 0.35, 0.34, 0.33, 0.34, 0.35, 0.33),
                Strategies.FluRule.defaults()), "a probe that never rises has no lookup layers");
    }

    @Test
    void otTakesTheRankedPrefixThatCrossesTheBudgetOrWhatFits() {
        Map<String, Double> layers = new LinkedHashMap<>();
        for (int l = 0; l < 8; l++) {
            layers.put("L" + l + ".attn", 0.01 * l);
            layers.put("L" + l + ".mlp", 0.001 * l);
        }
        layers.put("L6.attn", -5.0);      // the largest magnitude is negative
        layers.put("L7.mlp", 4.0);
        layers.put("L3.attn", 3.0);
        ComponentScores s = new ComponentScores("attribution-patching", Metric.LOGIT_DIFF, "test", List.of(), layers, 1, 0,
                List.of());
        long budget = 2 * 1536;           // FLU of two MLPs
        Selection ot = Strategies.ot("attribution-patching", CATALOG, s, budget, false);
        // the paper's rule: L6.attn (1024) + L7.mlp (1536) = 2560 < 3072; L3.attn crosses it (3584) and is the last
        assertEquals(List.of("L3.attn", "L6.attn", "L7.mlp"), ot.components().ids());
        assertEquals(3584, ot.parameterCount());
        assertTrue(ot.rule().contains("[prefix]"), ot.rule());
        Selection fit = Strategies.ot("attribution-patching", CATALOG, s, budget, false, Strategies.BudgetRule.FIT);
        // fit: L3.attn would exceed 3072, so smaller ones are tried: none fits
        assertEquals(List.of("L6.attn", "L7.mlp"), fit.components().ids());
        assertEquals(2560, fit.parameterCount());
        assertTrue(fit.rule().contains("[fit]"), fit.rule());
        Selection mlps = Strategies.ot("attribution-patching-mlps", CATALOG, s, budget, true);
        assertEquals(List.of("L6.mlp", "L7.mlp"), mlps.components().ids(), "MLPs only, by |score|: L7 then L6");
        assertEquals(budget, mlps.parameterCount());
    }

    @Test
    void baselinesMatchTheBudgetAndAreSeeded() {
        long budget = 3 * 1536;
        Selection layers = Strategies.random(CATALOG, budget, 1, Strategies.RandomUnits.LAYERS, Strategies.BudgetRule.FIT);
        assertEquals(layers, Strategies.random(CATALOG, budget, 1, Strategies.RandomUnits.LAYERS, Strategies.BudgetRule.FIT));
        assertTrue(layers.parameterCount() <= budget && layers.parameterCount() > budget - 1024,
                layers.parameterCount() + " of " + budget);
        assertTrue(layers.components().ids().stream().allMatch(id -> id.endsWith(".attn") || id.endsWith(".mlp")));
        List<List<String>> draws = new ArrayList<>();
        for (int seed = 0; seed < 5; seed++) {
            Selection a = Strategies.random(CATALOG, budget, seed);
            assertEquals(a, Strategies.random(CATALOG, budget, seed));
            draws.add(a.components().ids());
            // the paper's: single matrices of q, k, v, o, up, down (never the gate) until the budget is crossed; the
            // largest matrix here is 16 x 32 = 512, so the one that crossed it overshoots by less than that
            assertTrue(a.components().components().stream().allMatch(c -> c.kind().isMatrix()
                    && c.kind() != dev.locus.model.component.Component.Kind.W_GATE), a.components().ids().toString());
            assertTrue(a.parameterCount() >= budget && a.parameterCount() < budget + 512, a.parameterCount() + " of " + budget);
            assertTrue(a.rule().contains("[matrices, prefix]"), a.rule());
        }
        assertTrue(draws.stream().distinct().count() > 1, "seeds change the draw: " + draws);
        // a budget of one parameter: the first matrix drawn crosses it and is taken; none fits it
        assertEquals(1, Strategies.random(CATALOG, 1, 3).components().ids().size());
        assertTrue(Strategies.random(CATALOG, 1, 3, Strategies.RandomUnits.MATRICES, Strategies.BudgetRule.FIT)
                .components().ids().isEmpty());
        assertEquals(3, Strategies.randomMlps(CATALOG, 3, 2).components().ids().size());
        assertEquals(8 * 1536, Strategies.allMlps(CATALOG).parameterCount());
        assertEquals(8 * (1536 + 1024), Strategies.nonlocalized(CATALOG).parameterCount());
    }

    private static List<Probes.Row> curve(double... acc) {
        List<Probes.Row> rows = new ArrayList<>();
        for (int i = 0; i < acc.length; i++) {
            rows.add(new Probes.Row(i - 1, "h", Probes.SUBJECT_LAST, Probes.SUBJECT, acc[i], 1, 100, 100, 0.34));
        }
        return rows;
    }
}
