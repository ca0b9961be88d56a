package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.method.ActivationPatching;
import dev.locus.localize.method.AttributionPatching;
import dev.locus.localize.method.CausalTracing;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.PathPatching;
import dev.locus.localize.method.PositionClasses;
import dev.locus.localize.method.Probes;
import dev.locus.localize.method.Progress;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.LocusModel;
import dev.locus.model.component.Component;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a model where only layer 1's MLP carries the answer, every localization method points at it. */
class HandBuiltLocalizationTest {
    @TempDir
    static Path tmp;
    static LocusModel model;
    static LocalizationSet all;
    static Dataset dataset;
    static dev.locus.data.Split split;
    static final String ANSWER = Component.mlpId(HandBuiltModel.ANSWER_LAYER);

    @BeforeAll
    static void load() {
        HandBuiltModel built = HandBuiltModel.write(tmp, 7);
        model = LocusModel.load(built.modelDir(), Device.cpu());
        Dataset data = SportsFactsCsv.read(built.dataCsv()).withFormats(FormatFiles.read(built.formatFile()));
        all = LocalizationSet.of(model, data.format("standard"), data.facts(), data.attributes());
        dataset = data;
        split = dev.locus.data.Split.of(data, dev.locus.data.ForgetSpec.parse("first:24"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void attributionPatchingRanksTheLookupMlpFirst() {
        for (int steps : new int[] {1, 2}) {
            for (String corruption : new String[] {"subject-swap", "random-tokens", "noise"}) {
                ComponentScores s = AttributionPatching.run(model, all, Corruption.parse(corruption, null, 1),
                        new AttributionPatching.Options(Metric.LOGIT_DIFF, steps, 16), Progress.NONE);
                assertEquals(ANSWER, s.ranking().get(0), corruption + ", steps " + steps + ": " + s.rows());
                assertEquals(ANSWER, topLayer(s), corruption + ": " + s.layerScores());
                assertTrue(s.clean() - s.corrupted() > 1, "corruption removes the answer: " + s.clean() + " vs " + s.corrupted());
            }
        }
    }

    @Test
    void exactPatchingRanksTheLookupMlpFirstInBothDirections() {
        for (boolean denoise : new boolean[] {false, true}) {
            ActivationPatching.Options o = ActivationPatching.Options.defaults().withDenoise(denoise).withPerPosition(true);
            ComponentScores s = ActivationPatching.run(model, all, Corruption.parse("subject-swap", null, 3), o, Progress.NONE);
            assertEquals(ANSWER, s.ranking().get(0), "denoise " + denoise + ": " + s.rows());
            ComponentScores.Row top = s.row(ANSWER);
            assertEquals(1.0, top.normalized(), 0.1, "the MLP alone accounts for the whole clean-corrupted gap");
            // per position: the effect sits at the subject, which here is the final token
            double best = s.positions().stream().mapToDouble(ComponentScores.PositionEffect::effect).max().orElseThrow();
            ComponentScores.PositionEffect atFinal = s.positions().stream()
                    .filter(p -> p.site().equals(ANSWER) && p.token().equals(PositionClasses.FINAL)).findFirst().orElseThrow();
            assertEquals(best, atFinal.effect(), 1e-9, "the largest effect: " + s.positions());
            assertEquals(0.0, s.positions().stream().filter(p -> p.site().equals(ANSWER) && p.token().equals("athlete"))
                    .findFirst().orElseThrow().effect(), 1e-6, "none before the subject");
        }
    }

    @Test
    void causalTracingRanksTheLookupMlpFirst() {
        ComponentScores s = CausalTracing.run(model, all, Corruption.parse("noise", "3sd", 5), CausalTracing.Options.defaults(),
                Progress.NONE);
        assertEquals(ANSWER, s.ranking().get(0), s.rows().toString());
        assertEquals(ANSWER, topLayer(s), s.layerScores().toString());
        ComponentScores.PositionEffect mlp = s.positions().stream().filter(p -> p.site().equals("mlp"))
                .max(Comparator.comparingDouble(ComponentScores.PositionEffect::effect)).orElseThrow();
        assertEquals(HandBuiltModel.ANSWER_LAYER, mlp.layer(), "heatmap: restoring MLP 1 at the subject restores the answer");
        assertEquals(0.0, s.positions().stream().filter(p -> p.site().equals("resid") && p.layer() == 0
                && p.token().equals("athlete")).findFirst().orElseThrow().effect(), 1e-3, "nothing to restore off the subject");
    }

    @Test
    void pathPatchingFindsTheLookupMlpAsFlu() {
        PathPatching.Result r = PathPatching.run(model, all, Corruption.parse("random-ascii", null, 2),
                PathPatching.Options.defaults(), Progress.NONE);
        System.out.println("hand-built model, path patching: " + r.scores().setting());
        assertEquals(List.of(ANSWER), r.flu(), r.scores().rows().toString());
        assertEquals(1.0, r.scores().row(ANSWER).normalized(), 0.1, "the MLP carries the whole clean-corrupted gap");
        assertTrue(r.scores().rows().stream().filter(row -> !row.isMlp()).allMatch(row -> Math.abs(row.normalized()) < 0.01),
                "no head moves the answer: the lookup writes it at the last position itself");
        assertEquals(model.config().nLayers(), r.layerToPatch(), "no extraction head, so the MLPs go to the final residual");
        Localization.Result found = Localization.run(model, dataset, dataset.format("standard"), split,
                Localization.Request.of(Localization.Method.PATH_PATCHING), Progress.NONE);
        assertEquals(List.of(ANSWER), found.selections().get(Strategies.FLU).components().ids(),
                found.selections().get(Strategies.FLU).rule());
        assertTrue(found.probes().isEmpty(), "path patching finds FLU itself: no probes");
        assertFalse(found.selections().containsKey("path-patching"), "no OT selection from path patching's scores");
    }

    @Test
    void probesFindTheLookupLayerAndFluSelectsIt() {
        LocalizationSet train = new LocalizationSet(all.format(), all.classes(), all.items().subList(0, 36), 0);
        LocalizationSet test = new LocalizationSet(all.format(), all.classes(), all.items().subList(36, 48), 0);
        List<Probes.Row> rows = Probes.run(model, train, test, Probes.Options.defaults(), Progress.NONE);
        List<Probes.Row> subject = Probes.curve(rows, Probes.SUBJECT, Probes.SUBJECT_LAST);
        assertEquals(model.config().nLayers() + 1, subject.size());
        assertTrue(subject.get(1).accuracy() < 0.6, "before MLP 1, unseen subjects' sports are unreadable: " + subject);
        assertTrue(subject.get(2).accuracy() > 0.95, "after MLP 1 they are: " + subject);
        Selection flu = Strategies.flu(model.components(), subject, Strategies.FluRule.defaults());
        assertEquals(List.of(ANSWER), flu.components().ids(), flu.rule());
    }

    @Test
    void repeatedRunsGiveTheSameScoresAndLeaveNoArraysBehind() {
        Corruption noise = Corruption.parse("noise", "sqrt3sd", 9);
        Runnable all3 = () -> {
            AttributionPatching.run(model, all, noise, AttributionPatching.Options.defaults(), Progress.NONE);
            ActivationPatching.run(model, all, noise, ActivationPatching.Options.defaults().withPerPosition(true), Progress.NONE);
            CausalTracing.run(model, all, noise, CausalTracing.Options.defaults().withWindow(3), Progress.NONE);
        };
        all3.run();
        int before = dev.locus.model.TinyModels.liveArrays();
        all3.run();
        assertEquals(before, dev.locus.model.TinyModels.liveArrays(), "every pass's arrays are freed with its scope");
        ComponentScores a = CausalTracing.run(model, all, noise, CausalTracing.Options.defaults(), Progress.NONE);
        ComponentScores b = CausalTracing.run(model, all, noise, CausalTracing.Options.defaults(), Progress.NONE);
        assertEquals(a, b, "a seed fixes the noise, so the scores repeat exactly");
    }

    private static String topLayer(ComponentScores s) {
        return s.layerScores().entrySet().stream().max(Comparator.comparingDouble(e -> Math.abs(e.getValue())))
                .orElseThrow().getKey();
    }
}
