package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.ForgetSpec;
import dev.locus.data.Split;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.method.ActivationPatching;
import dev.locus.localize.method.AttributionPatching;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.PathPatching;
import dev.locus.localize.method.Probes;
import dev.locus.localize.method.Progress;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentCatalog;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Localization on the bundled Sports World model, whose mechanism is known from its model card. */
class SportsWorldLocalizationTest {
    private static LocusModel model;
    private static Dataset data;
    private static Split split;
    private static LocalizationSet forget;

    @BeforeAll
    static void load() {
        Path demo = Path.of("assets/sports-world");
        model = LocusModel.load(demo, Device.cpu());
        data = SportsFactsCsv.read(demo.resolve("sports.csv"));
        split = Split.of(data, ForgetSpec.parse("first:64"));
        forget = LocalizationSet.of(model, data.format("standard"), split.forget(), data.attributes());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void attributionPatchingAgreesWithExactPatching() {
        Corruption c = Corruption.parse("subject-swap", null, 0);
        ComponentScores exact = ActivationPatching.run(model, forget, c, ActivationPatching.Options.defaults(), Progress.NONE);
        ComponentScores ap = AttributionPatching.run(model, forget, c, AttributionPatching.Options.defaults(), Progress.NONE);
        double r = pearson(scores(ap), scores(exact));
        assertTrue(r >= 0.8, "attribution patching (2 integrated-gradient steps) vs exact noising: r = " + r);
        ComponentScores plain = AttributionPatching.run(model, forget, c,
                new AttributionPatching.Options(Metric.LOGIT_DIFF, 1, 64), Progress.NONE);
        System.out.printf("Sports World, 64 prompts, %d components: Pearson r(AP, exact) = %.3f with 2 IG steps,"
                + " %.3f plain%n", ap.rows().size(), r, pearson(scores(plain), scores(exact)));
        assertEquals(exact.clean(), ap.clean(), 1e-3, "both read the same clean metric");
        assertEquals(exact.corrupted(), ap.corrupted(), 1e-3, "and the same corruption");
    }

    @Test
    void pathPatchingOnSportsWorld() {
        PathPatching.Result r = PathPatching.run(model, forget, Corruption.parse("random-ascii", null, 0),
                PathPatching.Options.defaults(), Progress.NONE);
        System.out.println("Sports World path patching: " + r.scores().setting());
        StringBuilder b = new StringBuilder();
        r.scores().rows().forEach(row -> b.append(String.format(java.util.Locale.ROOT, " %s %.3f", row.component(),
                row.normalized())));
        System.out.println("normalized effects:" + b);
        System.out.println("FLU by path patching: " + r.flu());
        assertTrue(r.scores().clean() - r.scores().corrupted() > 1, "random ASCII names remove the answer");
        assertFalse(r.flu().isEmpty(), "some MLP before the extraction heads carries the sport");
        assertTrue(r.flu().stream().allMatch(id -> Integer.parseInt(id.substring(1, id.indexOf('.'))) < r.layerToPatch()));
    }

    @Test
    void theSportIsReadableEarlyAtTheLastNameAndFluSelectsTheEarlyMlps() {
        ComponentCatalog catalog = model.components();
        LocalizationSet train = LocalizationSet.of(model, data.format("standard"), split.maintainTrain(), data.attributes());
        LocalizationSet test = LocalizationSet.of(model, data.format("standard"), split.maintainTest(), data.attributes());
        List<Probes.Row> rows = Probes.run(model, train, test, Probes.Options.defaults(), Progress.NONE);
        List<Probes.Row> atName = Probes.curve(rows, Probes.PROMPT, Probes.SUBJECT_LAST);
        List<Probes.Row> alone = Probes.curve(rows, Probes.SUBJECT, Probes.SUBJECT_LAST);
        System.out.println("probe, prompt at last name: " + accuracies(atName));
        System.out.println("probe, subject alone:       " + accuracies(alone));
        System.out.println("probe, prompt at final:     " + accuracies(Probes.curve(rows, Probes.PROMPT, Probes.FINAL)));
        assertTrue(atName.get(0).accuracy() < 0.6, "the embeddings alone do not tell the sport: " + atName.get(0));
        assertTrue(Math.max(atName.get(1).accuracy(), atName.get(2).accuracy()) >= 0.85,
                "after the first blocks the sport is readable at the last name: " + accuracies(atName));
        Selection flu = Strategies.flu(catalog, alone, Strategies.FluRule.defaults());
        System.out.println("FLU: " + flu.components().ids() + " (" + flu.rule() + ")");
        assertTrue(flu.components().ids().contains("L0.mlp"), flu.rule());
        assertTrue(flu.components().ids().size() <= 3, "a few early MLPs: " + flu.components().ids());

        ComponentScores ap = AttributionPatching.run(model, forget, Corruption.parse("subject-swap", null, 0),
                AttributionPatching.Options.defaults(), Progress.NONE);
        Selection ot = Strategies.ot("attribution-patching", catalog, ap, flu.parameterCount(), false);
        assertTrue(ot.parameterCount() <= flu.parameterCount() && ot.parameterCount() >= flu.parameterCount() * 2 / 3,
                "OT spends FLU's budget: " + ot.parameterCount() + " of " + flu.parameterCount());
        Selection random = Strategies.random(catalog, flu.parameterCount(), 4);
        assertEquals(random, Strategies.random(catalog, flu.parameterCount(), 4), "seeded");
        assertTrue(random.parameterCount() <= flu.parameterCount());
        assertEquals(flu.components().ids().size(),
                Strategies.randomMlps(catalog, flu.components().ids().size(), 4).components().ids().size());
    }

    static double[] scores(ComponentScores s) {
        return s.rows().stream().mapToDouble(ComponentScores.Row::score).toArray();
    }

    static String accuracies(List<Probes.Row> rows) {
        StringBuilder b = new StringBuilder();
        rows.forEach(r -> b.append(String.format(" %.2f", r.accuracy())));
        return b.toString();
    }

    static double pearson(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
