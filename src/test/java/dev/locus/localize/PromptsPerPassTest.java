package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.ForgetSpec;
import dev.locus.data.Split;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Progress;
import dev.locus.model.LocusModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every localization method runs its prompts through the model in chunks of the request's size: no forward pass sees
 * more sequences than that (seen through a path beside each linear layer that only records its input's batch), and
 * the scores are the same as in one chunk.
 */
class PromptsPerPassTest {
    @TempDir
    static Path tmp;
    static LocusModel model;
    static Dataset data;
    static Split split;

    @BeforeAll
    static void load() {
        HandBuiltModel built = HandBuiltModel.write(tmp, 7);
        model = LocusModel.load(built.modelDir(), Device.cpu());
        data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        split = Split.of(data, ForgetSpec.parse("first:8"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @ParameterizedTest
    @EnumSource(value = Localization.Method.class, names = {"ATTRIBUTION_PATCHING", "ACTIVATION_PATCHING",
            "CAUSAL_TRACING"})
    void chunksBoundEachPassAndLeaveTheScores(Localization.Method method) {
        Localization.Request request = Localization.Request.of(method).withFluLayers(new int[] {0, 0});
        long[] widest = {0};
        try (LocusModel watched = model.withWeights(model.transformer().weights().overlay(
                model.transformer().weights().manager().newSubManager(), java.util.Map.of()), (name, x) -> {
                    widest[0] = Math.max(widest[0], x.getShape().get(0));
                    return null;
                })) {
            ComponentScores whole = Localization.run(watched, data, data.format("standard"), split, request,
                    Progress.NONE).scores();
            long wholeWidest = widest[0];
            widest[0] = 0;
            ComponentScores chunked = Localization.run(watched, data, data.format("standard"), split,
                    request.withPromptsPerPass(3), Progress.NONE).scores();
            // patching passes hold several patched copies of each prompt, so only attribution patching's are exactly 3
            assertTrue(widest[0] < wholeWidest, method + ": widest pass " + widest[0] + " vs " + wholeWidest);
            if (method == Localization.Method.ATTRIBUTION_PATCHING) {
                assertTrue(widest[0] <= 3, "a pass of " + widest[0] + " sequences");
            }
            assertEquals(whole.ranking(), chunked.ranking());
            for (ComponentScores.Row row : whole.rows()) {
                assertEquals(row.score(), chunked.row(row.component()).score(), 1e-4 * Math.max(1, Math.abs(row.score())),
                        method + " " + row.component());
            }
        }
    }
}
