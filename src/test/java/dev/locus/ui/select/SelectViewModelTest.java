package dev.locus.ui.select;

import static dev.locus.ui.fixtures.Fx.fx;
import static dev.locus.ui.fixtures.LocalizeFixture.await;
import static dev.locus.ui.fixtures.LocalizeFixture.finish;
import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.core.LocusException;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.ui.fixtures.LocalizeFixture;
import dev.locus.ui.localize.HandSelection;
import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.concurrent.Worker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Select panel's view model on the bundled Sports World model, without a window. */
class SelectViewModelTest {
    @TempDir
    static Path tmp;
    private static LocalizeFixture f;
    private static SelectViewModel vm;

    @BeforeAll
    static void load() throws Exception {
        f = LocalizeFixture.bundled(tmp);
        vm = fx(() -> new SelectViewModel(f.ctx));
    }

    @AfterAll
    static void close() {
        f.close();
    }

    private static ComponentCatalog catalog() {
        return f.session.model.get().components();
    }

    @Test
    void compareCountsSharedAndOwnComponents() throws Exception {
        Selection a = HandSelection.of(catalog(), List.of("L0.mlp", "L1.mlp", "L2.H0"));
        Selection b = HandSelection.of(catalog(), List.of("L1.mlp", "L2.H0", "L3.mlp", "L4.H1"));
        SelectViewModel.Comparison c = fx(() -> vm.compare(a, b));
        assertEquals(List.of("L1.mlp", "L2.H0"), c.shared());
        assertEquals(List.of("L0.mlp"), c.onlyA());
        assertEquals(List.of("L3.mlp", "L4.H1"), c.onlyB());
        assertEquals(2.0 / 5.0, c.jaccard(), 1e-12);
        assertEquals(catalog().get("L1.mlp").parameterCount() + catalog().get("L2.H0").parameterCount(),
                c.sharedParameters());
        assertEquals(SelectViewModel.Membership.BOTH, SelectViewModel.membership(c, 1, "mlp"));
        assertEquals(SelectViewModel.Membership.BOTH, SelectViewModel.membership(c, 2, "heads"));
        assertEquals(SelectViewModel.Membership.ONLY_A, SelectViewModel.membership(c, 0, "mlp"));
        assertEquals(SelectViewModel.Membership.ONLY_B, SelectViewModel.membership(c, 4, "heads"));
        assertEquals(SelectViewModel.Membership.NONE, SelectViewModel.membership(c, 4, "mlp"));
        assertEquals(SelectViewModel.Membership.NONE, SelectViewModel.membership(c, 2, "attn"));
        assertTrue(c.summary().contains("2 shared") && c.summary().contains("Jaccard 0.40"), c.summary());
    }

    @Test
    void strategiesMakeSelectionsThatJoinTheSessionAndAreShown() throws Exception {
        Selection flu = fx(() -> vm.fluLayers(1, 2));
        assertEquals(List.of("L1.mlp", "L2.mlp"), flu.components().ids());
        assertSame(flu, fx(() -> f.session.selection.get()));
        assertSame(flu, fx(() -> f.session.selections.get(Strategies.FLU)));
        assertTrue(fx(() -> vm.selections().contains(flu)), "the table lists it");

        Selection random = fx(() -> vm.baseline(Strategies.RANDOM, 3));
        assertTrue(random.parameterCount() >= flu.parameterCount(), "random single matrices cross FLU's budget");
        assertTrue(random.components().components().stream().allMatch(c -> c.kind().isMatrix()), random.rule());
        Selection layers = fx(() -> vm.baseline(Strategies.RANDOM, 3, Strategies.RandomUnits.LAYERS,
                Strategies.BudgetRule.FIT));
        assertTrue(layers.parameterCount() <= flu.parameterCount(), "whole layers that fit FLU's budget");
        assertTrue(layers.components().ids().stream().allMatch(id -> id.endsWith(".attn") || id.endsWith(".mlp")));
        assertEquals(2, fx(() -> vm.baseline(Strategies.RANDOM_MLPS, 3)).components().ids().size(), "as many MLPs as FLU");
        assertEquals(f.session.model.get().config().nLayers(),
                fx(() -> vm.baseline(Strategies.ALL_MLPS, 0)).components().ids().size());
        assertNotNull(fx(() -> vm.baseline(Strategies.NONLOCALIZED, 0)));

        assertNull(fx(() -> vm.ot("causal-tracing", false)), "no causal tracing ran");
        assertTrue(fx(() -> vm.error().get()).contains("run causal-tracing"), fx(() -> vm.error().get()));
        assertNull(fx(() -> vm.fluLayers(3, 99)));
        assertTrue(fx(() -> vm.error().get()).contains("layers 0-7"), fx(() -> vm.error().get()));
        if (fx(() -> f.session.localizations.isEmpty())) {
            assertNull(fx(vm::fluFromProbes));
            assertTrue(fx(() -> vm.error().get()).contains("localization run first"));
        }
    }

    @Test
    void singleMatricesAreAddedAndRemovedAndCountForTheirBlock() throws Exception {
        assertEquals(List.of("W_Q", "W_K", "W_V", "W_O", "W_in", "W_gate", "W_out"), fx(vm::matrices));
        fx(() -> vm.fluLayers(1, 1));
        Selection one = fx(() -> vm.toggleMatrix(2, "W_K"));
        assertEquals(List.of("L1.mlp", "L2.attn.W_K"), one.components().ids());
        assertEquals(SelectViewModel.CUSTOM, one.strategy());
        assertEquals(3L * 128 * 512 + 128 * 128, one.parameterCount(), "an MLP and the bundled model's W_K (4 kv heads)");
        assertSame(one, fx(() -> f.session.selection.get()));
        Selection back = fx(() -> vm.toggleMatrix(2, "W_K"));
        assertEquals(List.of("L1.mlp"), back.components().ids());
        Selection up = fx(() -> vm.toggleMatrix(4, "W_in"));
        SelectViewModel.Comparison c = fx(() -> vm.compare(one, up));
        assertEquals(SelectViewModel.Membership.ONLY_A, SelectViewModel.membership(c, 2, "attn"));
        assertEquals(SelectViewModel.Membership.ONLY_B, SelectViewModel.membership(c, 4, "mlp"));
        assertNull(fx(() -> vm.toggleMatrix(9, "W_Q")));
        assertTrue(fx(() -> vm.error().get()).contains("unknown component 'L9.attn.W_Q'"), fx(() -> vm.error().get()));
    }

    @Test
    void masksRoundTripAsJsonAndSafetensors() throws Exception {
        Selection s = HandSelection.of(catalog(), List.of("L0.H1", "L2.mlp", "L5.attn"));
        for (String name : List.of("mine.json", "mine.safetensors")) {
            Path file = tmp.resolve("masks").resolve(name);
            Files.createDirectories(file.getParent());
            await(fx(() -> vm.saveMask(file, s)));
            assertTrue(Files.size(file) > 0);
            fx(() -> {
                f.session.selection.set(null);
                return null;
            });
            Selection back = await(fx(() -> vm.loadMask(file)));
            assertEquals(s.strategy(), back.strategy());
            assertEquals(s.components().ids(), back.components().ids(), name);
            assertEquals(s.parameterCount(), back.parameterCount(), name);
            assertSame(back, fx(() -> f.session.selection.get()), "a loaded mask is shown");
            assertSame(back, fx(() -> f.session.selections.get(HandSelection.NAME)));
        }
    }

    @Test
    void masksAreNeverWrittenIntoTheModelFolderNorWithAnUnknownExtension() throws Exception {
        Selection s = HandSelection.of(catalog(), List.of("L0.mlp"));
        Path inModel = f.session.modelFolder.get().resolve("mask.json");
        LocusException e = assertThrows(LocusException.class, () -> vm.saveMask(inModel, s));
        assertTrue(e.getMessage().contains("model's folder"), e.getMessage());
        assertFalse(Files.exists(inModel));
        e = assertThrows(LocusException.class, () -> vm.saveMask(tmp.resolve("mask.txt"), s));
        assertTrue(e.getMessage().contains(".json or .safetensors"), e.getMessage());
    }

    @Test
    void aMaskOfAnotherModelFailsWithOneClearLine() throws Exception {
        Path other = TinyCheckpoint.builder(TinyCheckpoint.Arch.LLAMA).write(tmp.resolve("tiny-llama")).dir();
        Path file = tmp.resolve("other.json");
        try (LocusModel tiny = LocusModel.load(other, Device.cpu())) {
            MaskFiles.writeJson(file, Strategies.fluLayers(tiny.components(), 0, 0), tiny);
        }
        Selection before = fx(() -> f.session.selection.get());
        Job<Selection> job = fx(() -> vm.loadMask(file));
        assertEquals(Worker.State.FAILED, finish(job));
        Throwable error = fx(job::getException);
        assertInstanceOf(LocusException.class, error);
        String shown = AppLog.userMessage(error);
        assertTrue(shown.contains("other.json") && shown.contains("made for a model"), shown);
        assertFalse(shown.contains("\n"), "one line: " + shown);
        assertSame(before, fx(() -> f.session.selection.get()), "nothing changed");
    }
}
