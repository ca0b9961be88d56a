package dev.locus.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.eval.FormatScorer;
import dev.locus.localize.HandBuiltModel;
import dev.locus.model.LocusModel;
import dev.locus.model.TinyModels;
import dev.locus.model.component.ComponentSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long use: hundreds of edit-and-evaluate cycles on a tiny model, as a researcher's afternoon of trying settings.
 * Native arrays must come back to the same count after every cycle, and the Java heap must not grow.
 */
class SoakTest {
    static final int CYCLES = 300;

    @TempDir
    Path tmp;

    @Test
    void hundredsOfEditEvaluateCyclesLeaveMemoryFlat() {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        try (LocusModel model = LocusModel.load(built.modelDir(), Device.cpu())) {
            Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
            PromptFormat format = data.format("standard");
            List<Fact> forget = EditTargets.randomOther(data.facts().subList(0, 8), data.attributes(), 1);
            EditTask task = EditTask.of(model, format, forget, data.facts().subList(8, 24), List.of("athlete Zorn"), false);
            ComponentSet set = ComponentSet.of(model.components(), List.of("L1.mlp"));
            List<Integer> arrays = new ArrayList<>();
            List<Long> heap = new ArrayList<>();
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                FineTuneSettings s = FineTuneSettings.DEFAULTS.withSteps(3).withBatch(16).withLr(0.01).withGeneralCoef(0.1)
                        .withSeed(cycle);
                try (LocusModel edited = EditedModels.copy(model, set)) {
                    LocalizedFineTune.run(edited, set, task, s, new LocalizedFineTune.Listener() { });
                    new FormatScorer(edited).score(format, forget);
                }
                if (cycle % 50 == 0) {
                    arrays.add(TinyModels.liveArrays());
                    heap.add(usedHeapAfterGc());
                }
            }
            System.out.println("soak: live arrays every 50 cycles " + arrays + ", heap MB " + heap);
            assertTrue(arrays.stream().distinct().count() == 1, "live native arrays stay flat: " + arrays);
            long growth = heap.get(heap.size() - 1) - heap.get(0);
            assertTrue(growth < 16, "heap after GC grows by less than 16 MB over " + (CYCLES - 50) + " cycles: " + heap);
        }
    }

    private static long usedHeapAfterGc() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return (r.totalMemory() - r.freeMemory()) >> 20;
    }
}
