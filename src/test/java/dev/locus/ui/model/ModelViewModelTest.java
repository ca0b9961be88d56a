package dev.locus.ui.model;

import static dev.locus.ui.fixtures.Fx.fx;
import static dev.locus.ui.fixtures.ModelDataFixture.await;
import static dev.locus.ui.fixtures.ModelDataFixture.state;
import static dev.locus.ui.fixtures.ModelDataFixture.value;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import dev.locus.model.config.ModelConfig;
import dev.locus.ui.fixtures.ModelDataFixture;
import dev.locus.ui.task.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Model panel's view model on the real bundled model, without a window. */
class ModelViewModelTest {
    @TempDir
    static Path dir;
    static ModelDataFixture f;
    static ModelViewModel vm;

    @BeforeAll
    static void load() throws Exception {
        f = ModelDataFixture.loaded(dir);
        vm = fx(() -> new ModelViewModel(f.ctx, new RecentModels(dir.resolve("recent-models.json"))));
        f.awaitIdle();
    }

    @AfterAll
    static void close() throws Exception {
        f.close();
    }

    @Test
    void summaryValuesEqualTheModelsConfig() throws Exception {
        ModelSummary s = fx(() -> vm.summary().get());
        assertNotNull(s, "the loaded model has a summary");
        LocusModel m = fx(() -> f.session.model.get());
        ModelConfig c = m.config();
        assertEquals(c.architecture(), s.architecture());
        assertEquals(c.nLayers(), s.layers());
        assertEquals(c.nHeads(), s.heads());
        assertEquals(c.nKvHeads(), s.kvHeads());
        assertEquals(c.dModel(), s.dModel());
        assertEquals(c.dMlp(), s.dMlp());
        assertEquals(c.vocabSize(), s.vocab());
        assertEquals(8, s.layers(), "Sports World has 8 layers");
        assertEquals(128, s.dModel());
        assertEquals(512, s.dMlp());
        assertEquals(471, s.vocab());
        assertEquals("F32", s.checkpointDtype());
        assertEquals("float32", s.computeType());
        assertEquals("cpu", s.device());
        // 8.5 MB of float32 checkpoint: a bit over two million parameters, four bytes each in memory.
        assertTrue(s.parameters() > 2_000_000 && s.parameters() < 2_300_000, "parameters " + s.parameters());
        assertEquals(s.parameters() * 4, s.weightBytes());
        assertEquals(Bundled.sportsWorld(), s.folder());
        assertEquals("4", s.rows().get("Attention heads"));
        assertTrue(s.rows().get("Weights in memory").endsWith("MiB"), s.rows().get("Weights in memory"));
    }

    @Test
    void openingAFolderWithoutConfigGivesAClearMessageAndKeepsTheOldModel() throws Exception {
        Path bad = ModelDataFixture.folderWithoutConfig(dir);
        LocusModel before = fx(() -> f.session.model.get());
        int failures = f.failures.size();
        Job<LocusModel> job = await(fx(() -> vm.open(bad)));
        assertEquals(javafx.concurrent.Worker.State.FAILED, state(job));
        String shown = fx(() -> vm.error().get());
        assertTrue(shown.contains("config.json"), "names what is missing: " + shown);
        assertFalse(shown.contains("Exception"), "no exception class in the message: " + shown);
        assertEquals(failures + 1, f.failures.size(), "one failure reported to the window");
        assertTrue(f.failures.get(f.failures.size() - 1).contains("config.json"));
        assertSame(before, fx(() -> f.session.model.get()), "the old model stays loaded");
        assertFalse(fx(() -> vm.loading().get()));
        assertFalse(fx(() -> vm.recent().contains(bad.toAbsolutePath().normalize())), "a failed folder is not recent");
        // The old model still works.
        f.awaitIdle();
        var result = value(await(fx(() -> vm.playground().run())));
        assertFalse(result.top().isEmpty());
    }

    @Test
    void openingAnotherFolderSwapsTheModelAndListsItAsRecent() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("my-model"));
        for (String name : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            Files.copy(Bundled.sportsWorld().resolve(name), copy.resolve(name));
        }
        LocusModel before = fx(() -> f.session.model.get());
        await(fx(() -> vm.open(copy)));
        f.awaitIdle();
        LocusModel after = fx(() -> f.session.model.get());
        assertNotSame(before, after);
        assertEquals(copy, after.folder());
        assertEquals(copy.toAbsolutePath().normalize(), fx(() -> vm.recent().get(0)));
        assertEquals(copy, fx(() -> vm.summary().get().folder()), "the summary follows the new model");
        assertEquals(copy.toAbsolutePath().toString(), fx(() -> f.session.config.get().model()));
        // A fresh list from the same file sees it: persisted.
        assertEquals(List.of(copy.toAbsolutePath().normalize()),
                new RecentModels(dir.resolve("recent-models.json")).folders());
        // Back to the bundled one, which the recent list leaves out.
        await(fx(() -> vm.openBundled()));
        f.awaitIdle();
        assertEquals(Bundled.sportsWorld(), fx(() -> f.session.model.get().folder()));
        assertEquals(1, fx(() -> vm.recent().size()));
    }

    @Test
    void recentListPersistsNewestFirstAndCapsAtEight() throws Exception {
        Path file = dir.resolve("recent-cap.json");
        RecentModels recent = new RecentModels(file);
        for (int i = 0; i < 10; i++) {
            recent.add(dir.resolve("model-" + i));
        }
        recent.add(dir.resolve("model-5")); // again: moves to the front, not listed twice
        List<Path> listed = new RecentModels(file).folders();
        assertEquals(RecentModels.MAX, listed.size());
        assertEquals(8, listed.size());
        assertEquals(dir.resolve("model-5").toAbsolutePath().normalize(), listed.get(0));
        assertEquals(dir.resolve("model-9").toAbsolutePath().normalize(), listed.get(1));
        assertFalse(listed.contains(dir.resolve("model-0").toAbsolutePath().normalize()), "the oldest are dropped");
        assertFalse(listed.contains(dir.resolve("model-1").toAbsolutePath().normalize()));
        assertTrue(Files.readString(file).contains("\"models\""));
        recent.remove(dir.resolve("model-5"));
        assertEquals(7, new RecentModels(file).folders().size());
        // A broken file is an empty list, not an error.
        Files.writeString(file, "{not json");
        assertEquals(List.of(), new RecentModels(file).folders());
    }

    @Test
    void aDroppedConfigFileMeansItsFolder() throws Exception {
        Path folder = Bundled.sportsWorld();
        assertEquals(folder, ModelViewModel.droppedFolder(List.of(folder.toFile())).orElseThrow());
        assertEquals(folder, ModelViewModel.droppedFolder(List.of(folder.resolve("config.json").toFile())).orElseThrow());
        assertTrue(ModelViewModel.droppedFolder(List.of(folder.toFile(), folder.toFile())).isEmpty());
    }
}
