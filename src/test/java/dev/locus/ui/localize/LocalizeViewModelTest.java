package dev.locus.ui.localize;

import static dev.locus.ui.fixtures.Fx.fx;
import static dev.locus.ui.fixtures.LocalizeFixture.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.export.heatmap.Heatmap;
import dev.locus.localize.Localization;
import dev.locus.localize.Preset;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.config.ModelConfig;
import dev.locus.ui.fixtures.LocalizeFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Localize panel's view model on the bundled Sports World model, without a window. */
class LocalizeViewModelTest {
    @TempDir
    static Path tmp;
    private static LocalizeFixture f;
    private static LocalizeViewModel vm;
    private static Localization.Result result;

    @BeforeAll
    static void localize() throws Exception {
        f = LocalizeFixture.bundled(tmp);
        vm = fx(() -> new LocalizeViewModel(f.ctx));
        fx(() -> {
            vm.method.set("attribution-patching");
            vm.preset.set("locus");      // the selections below were measured with our two-step gradients and subject swap
            vm.prompts.set(8);
            return null;
        });
        assertTrue(fx(() -> vm.canRun().get()), "runnable once model and data are loaded");
        result = await(fx(vm::run));
    }

    @AfterAll
    static void close() {
        f.close();
    }

    private static ComponentCatalog catalog() {
        return f.session.model.get().components();
    }

    @Test
    void attributionPatchingOnFewPromptsScoresEveryComponentAndMakesTheSelections() throws Exception {
        ModelConfig c = f.session.model.get().config();
        assertEquals(8, result.prompts());
        assertEquals(c.nLayers() * (c.nHeads() + 1), result.scores().rows().size(), "a score per head and MLP");
        assertSame(result, fx(() -> f.session.localizations.get("attribution-patching")));
        assertSame(result, fx(() -> vm.shown().get()));
        Set<String> names = fx(() -> Set.copyOf(f.session.selections.keySet()));
        assertTrue(names.containsAll(List.of(Strategies.FLU, "attribution-patching", "attribution-patching-mlps",
                Strategies.RANDOM, Strategies.RANDOM_MLPS, Strategies.ALL_MLPS, Strategies.NONLOCALIZED)), names.toString());
        assertNotNull(fx(() -> f.session.selections.get(Strategies.FLU)));
        assertFalse(fx(() -> vm.running().get()));
        assertFalse(result.probes().isEmpty(), "FLU came from probes");

        Heatmap grid = fx(vm::componentHeatmap);
        assertEquals(c.nLayers(), grid.rows().size());
        assertEquals(c.nHeads() + 1, grid.columns().size());
        for (int r = 0; r < grid.rows().size(); r++) {
            for (int col = 0; col < grid.columns().size(); col++) {
                assertFalse(Double.isNaN(grid.value(r, col)), "every cell has a score: " + grid.id(r, col));
            }
        }
        assertEquals("L2.H1", grid.id(2, 1));
        assertEquals("L5.mlp", grid.id(5, c.nHeads()));
        assertEquals(result.scores().row("L5.mlp").normalized(), grid.value(5, c.nHeads()), 1e-12);
        fx(() -> {
            vm.normalized.set(false);
            return null;
        });
        assertEquals(result.scores().row("L5.mlp").score(), fx(vm::componentHeatmap).value(5, c.nHeads()), 1e-12);
        fx(() -> {
            vm.normalized.set(true);
            return null;
        });
    }

    @Test
    void clickingCellsTogglesComponentsAndCountsTheirParameters() throws Exception {
        fx(() -> {
            f.session.selection.set(null);
            vm.toggle("L2.H1");
            vm.toggle("L3.mlp");
            vm.toggle("L0.H0");
            return null;
        });
        Selection s = fx(() -> f.session.selection.get());
        assertEquals(HandSelection.NAME, s.strategy());
        assertEquals(HandSelection.RULE, s.rule());
        assertEquals(List.of("L0.H0", "L2.H1", "L3.mlp"), s.components().ids(), "in layer order");
        assertEquals(sum(s.components().ids()), s.parameterCount());
        assertSame(s, fx(() -> f.session.selections.get(HandSelection.NAME)));

        fx(() -> {
            vm.toggle("L2.H1");
            return null;
        });
        Selection less = fx(() -> f.session.selection.get());
        assertEquals(List.of("L0.H0", "L3.mlp"), less.components().ids(), "a second click removes it");
        assertEquals(sum(less.components().ids()), less.parameterCount());
    }

    @Test
    void aHeadClickedInsideAWholeAttentionTakesJustThatHeadOut() throws Exception {
        Selection attn = HandSelection.of(catalog(), List.of("L1.attn", "L1.mlp"));
        fx(() -> {
            f.session.selection.set(attn);
            vm.toggle("L1.H2");
            return null;
        });
        assertEquals(List.of("L1.H0", "L1.H1", "L1.H3", "L1.mlp"), fx(() -> f.session.selection.get()).components().ids());
    }

    @Test
    void draggingARectangleSelectsItsCellsAndShiftAdds() throws Exception {
        Heatmap grid = fx(vm::componentHeatmap);
        List<String> block = grid.idsBetween(2, 1, 1, 0);
        assertEquals(List.of("L1.H0", "L1.H1", "L2.H0", "L2.H1"), block);
        fx(() -> {
            f.session.selection.set(f.session.selections.get(Strategies.FLU));
            vm.selectCells(block, false);
            return null;
        });
        Selection s = fx(() -> f.session.selection.get());
        assertEquals(block, s.components().ids(), "without shift the rectangle replaces the selection");
        assertEquals(sum(block), s.parameterCount());

        int mlp = grid.columns().size() - 1;
        List<String> mlps = grid.idsBetween(4, mlp, 6, mlp);
        fx(() -> {
            vm.selectCells(mlps, true);
            return null;
        });
        Selection more = fx(() -> f.session.selection.get());
        assertEquals(List.of("L1.H0", "L1.H1", "L2.H0", "L2.H1", "L4.mlp", "L5.mlp", "L6.mlp"), more.components().ids());
        assertEquals(sum(more.components().ids()), more.parameterCount());
    }

    @Test
    void optionsMapToTheRequestAsTheCommandLineDoes() throws Exception {
        LocalizeViewModel other = fx(() -> new LocalizeViewModel(f.ctx));
        Localization.Request r = fx(() -> {
            other.method.set("causal-tracing");
            other.window.set(3);
            other.prompts.set(5);
            return other.request();
        });
        assertEquals("noise", r.corruption().kind().text(), "causal tracing corrupts with noise by default");
        assertEquals("sqrt3sd", r.corruption().noise(), "the paper's per-prompt noise scale by default");
        assertEquals(Preset.PAPER, r.preset());
        assertEquals("full-vocab-prob", r.metricOrDefault().text(), "the paper's causal-tracing metric by default");
        assertNull(r.metric(), "the method's default metric");
        assertEquals(3, r.window());
        assertEquals(5, r.prompts());
        assertNull(fx(() -> other.shown().get()), "causal tracing has not run");
        Localization.Request ap = fx(() -> {
            other.method.set("activation-patching");
            other.corruption.set("random-tokens");
            other.metric.set("prob");
            other.denoise.set(true);
            other.perPosition.set(true);
            return other.request();
        });
        assertEquals("random-tokens", ap.corruption().kind().text());
        assertEquals("prob", ap.metric().text());
        assertTrue(ap.denoise() && ap.perPosition());
    }

    @Test
    void pathPatchingRunsFromThePanelAndItsScoresFillTheHeatmap() throws Exception {
        LocalizeViewModel other = fx(() -> new LocalizeViewModel(f.ctx));
        Localization.Request r = fx(() -> {
            other.method.set("path-patching");
            other.topHeads.set(6);
            other.prompts.set(16);
            return other.request();
        });
        assertEquals(6, r.pathPatching().topHeads());
        assertEquals("random-ascii", r.corruption().kind().text(), "the paper's corruption by default");
        Selection probesFlu = fx(() -> f.session.selections.get(Strategies.FLU));
        Localization.Result found;
        try {
            found = await(fx(other::run));
        } finally {
            fx(() -> f.session.selections.put(Strategies.FLU, probesFlu));   // the other tests start from the probes' FLU
        }
        ModelConfig c = f.session.model.get().config();
        assertEquals(c.nLayers() * (c.nHeads() + 1), found.scores().rows().size(), "heads -> logits and MLPs -> resid_pre");
        assertNotNull(fx(other::componentHeatmap), "its scores are drawn as the component heatmap");
        assertTrue(found.scores().setting().contains("extraction heads"), found.scores().setting());
        assertEquals(List.of("L0.mlp"), found.selections().get(Strategies.FLU).components().ids(),
                found.selections().get(Strategies.FLU).rule());
        Localization.Request ours = fx(() -> {
            other.preset.set("locus");
            return other.request();
        });
        assertEquals("subject-swap", ours.corruption().kind().text(), "locus keeps subject swap");
    }

    private static long sum(List<String> ids) {
        return ids.stream().mapToLong(id -> catalog().get(id).parameterCount()).sum();
    }
}
