package dev.locus.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.experiment.config.ExperimentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest: written before anything runs, ids by content, the same sweep taken up, others refused. */
class SweepPlanTest {
    @TempDir
    Path tmp;

    static final ExperimentConfig CONFIG = ExperimentConfig.parse("""
            {"name": "grid", "methods": ["flu", "random"], "seeds": [3, 4], "edit": {"lr": 1e-4, "steps": 7}}
            """, "grid.json");

    static SweepInfo info() {
        return new SweepInfo(SweepEntry.TRIAL, "grid", 0.9, "cpu", "auto", ClusterSettings.DEFAULTS,
                List.of("locus"), List.of());
    }

    @Test
    void trialsAreMethodsTimesGridOnTheFirstSeedWithTheirOwnSettings() {
        List<SweepEntry> e = SweepPlan.trials(List.of(CONFIG), List.of(1e-3, 2e-3), List.of(1.0, 2.0));
        assertEquals(8, e.size());
        SweepEntry last = e.get(7);
        assertEquals("random lr 2e-03 coef 2", last.label());
        assertEquals(List.of("random"), last.config().methods());
        assertEquals(List.of(3L), last.config().seeds());
        assertEquals(2e-3, last.config().editFor("random").lr());
        assertEquals(2.0, last.config().editFor("random").forgetCoef());
        assertEquals(0, last.config().editFor("random").evalEvery());
        assertEquals(7, last.config().editFor("random").steps(), "the config's other edit settings stay");
        assertEquals(e.stream().map(SweepEntry::index).toList(), List.of(0, 1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void idsAreTheContentsHash() {
        List<SweepEntry> a = SweepPlan.trials(List.of(CONFIG), List.of(1e-3), List.of(1.0));
        List<SweepEntry> b = SweepPlan.trials(List.of(CONFIG), List.of(1e-3), List.of(1.0));
        assertEquals(a.get(0).id(), b.get(0).id());
        assertTrue(a.get(0).id().matches("[0-9a-f]{12}"));
        List<SweepEntry> other = SweepPlan.trials(List.of(CONFIG), List.of(5e-3), List.of(1.0));
        assertNotEquals(a.get(0).id(), other.get(0).id());
        assertEquals(List.of("seed 3", "seed 4"), SweepPlan.seeds(CONFIG).stream().map(SweepEntry::label).toList());
    }

    @Test
    void theManifestIsWrittenBeforeAnyRunAndReadsBack() throws Exception {
        Path dir = tmp.resolve("s");
        List<SweepEntry> e = SweepPlan.trials(List.of(CONFIG), List.of(1e-3, 2e-3), List.of(1.0));
        assertFalse(SweepPlan.create(dir, e, info(), false));
        assertEquals(e, SweepManifest.read(dir));
        assertEquals(e.stream().map(SweepEntry::id).toList(), Files.readAllLines(dir.resolve(SweepFiles.IDS)));
        for (SweepEntry x : e) {
            assertEquals(null, RunStatus.read(dir, x.id()), "nothing ran");
        }
        // the same sweep again: taken up, its submissions kept
        info().with(SweepInfo.now("local", "vm:1", List.of(0))).write(dir);
        assertTrue(SweepPlan.create(dir, e, info(), false));
        assertEquals(1, SweepInfo.read(dir).submissions().size());
        // another sweep: refused without --force, replaces with it
        List<SweepEntry> other = SweepPlan.trials(List.of(CONFIG), List.of(9e-3), List.of(1.0));
        LocusException x = assertThrows(LocusException.class, () -> SweepPlan.create(dir, other, info(), false));
        assertTrue(x.getMessage().contains("holds a sweep of other runs"), x.getMessage());
        assertFalse(SweepPlan.create(dir, other, info(), true));
        assertEquals(other, SweepManifest.read(dir));
    }

    @Test
    void aFolderThatIsNotASweepIsNeverUsed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        List<SweepEntry> e = SweepPlan.trials(List.of(CONFIG), List.of(1e-3), List.of(1.0));
        LocusException x = assertThrows(LocusException.class, () -> SweepPlan.create(dir, e, info(), true));
        assertTrue(x.getMessage().contains("is not empty and holds no sweep"), x.getMessage());
        assertTrue(Files.exists(dir.resolve("notes.txt")));
    }

    @Test
    void twoConfigsOfOneNameAreRefused() {
        LocusException x = assertThrows(LocusException.class,
                () -> SweepPlan.trials(List.of(CONFIG, CONFIG.withModel("/elsewhere")), List.of(1e-3), List.of(1.0)));
        assertTrue(x.getMessage().contains("have the same name"), x.getMessage());
    }

    @Test
    void badClusterSettingsNameTheFileAndField() throws Exception {
        Path config = tmp.resolve("c.json");
        Files.writeString(config, "{\"name\": \"c\", \"cluster\": {\"time\": \"two hours\"}}");
        LocusException x = assertThrows(LocusException.class, () -> ExperimentConfig.read(config));
        assertEquals("c.json: cluster.time: expected minutes, HH:MM:SS or D-HH:MM:SS, got \"two hours\"",
                x.getMessage());
        Files.writeString(config, "{\"name\": \"c\", \"cluster\": {\"launcher\": \"pbs\"}}");
        x = assertThrows(LocusException.class, () -> ClusterSettings.of(config));
        assertTrue(x.getMessage().startsWith("c.json: cluster.launcher: "), x.getMessage());
    }
}
