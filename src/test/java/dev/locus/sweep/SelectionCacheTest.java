package dev.locus.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.experiment.ParameterSweep;
import dev.locus.experiment.RunListener;
import dev.locus.experiment.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial that finds its method's selection in the sweep's cache edits that selection without localizing, and gets
 * the numbers it would have got localizing itself.
 */
class SelectionCacheTest {
    @TempDir
    Path tmp;

    @Test
    void theSecondTrialOfAMethodEditsTheFirstOnesSelectionWithTheSameResult() throws Exception {
        ExperimentConfig c = ExperimentConfig.read(Path.of("sample-configs/quick-check.json"));
        c = c.withRun("cache", c.seeds(), List.of("causal-tracing"));
        List<SweepEntry> entries = SweepPlan.trials(List.of(c), List.of(2e-3, 4e-3), List.of(1.0));
        Path dir = tmp.resolve("sweep");
        SweepPlan.create(dir, entries, SweepPlanTest.info(), false);
        Path cached = SelectionCache.file(dir, entries.get(0).config());
        assertEquals(cached, SelectionCache.file(dir, entries.get(1).config()), "one method, one selection");

        SweepTask.run(dir, 0, RunListener.NONE);
        assertTrue(Files.isRegularFile(cached));
        assertFalse(Files.readString(SweepFiles.runFolder(dir, entries.get(0).id()).resolve("config.json"))
                .contains(cached.toString()), "the first trial localized itself");

        SweepTask.run(dir, 1, RunListener.NONE);
        Path second = SweepFiles.runFolder(dir, entries.get(1).id());
        assertTrue(Files.readString(second.resolve("config.json")).contains(cached.toString()),
                "the second trial's config says where its selection came from");
        assertFalse(Files.exists(second.resolve("scores")), "and it did not localize");
        assertEquals(Files.readString(cached), Files.readString(second.resolve("masks/causal-tracing.json")));

        ParameterSweep.Trial direct = ParameterSweep.trial(entries.get(1).config(), "direct", tmp.resolve("direct"),
                false, "cpu", null, RunListener.NONE);
        ParameterSweep.Trial viaCache = ParameterSweep.readTrial(second);
        assertEquals(direct.forget(), viaCache.forget(), 1e-9);
        assertEquals(direct.maintain(), viaCache.maintain(), 1e-9);
        assertEquals(direct.edit(), viaCache.edit(), 1e-9);
        assertNotEquals(ParameterSweep.readTrial(SweepFiles.runFolder(dir, entries.get(0).id())).forget(),
                viaCache.forget(), "the two learning rates edit differently");
    }
}
