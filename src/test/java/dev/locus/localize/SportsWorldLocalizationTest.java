package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.ForgetSpec;
import dev.locus.data.Split;
import dev.locus.data.SportsFactsCsv;
import dev.locus.model.LocusModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Localization on the bundled Sports World model, whose mechanism is known from its model card. */
class SportsWorldLocalizationTest {
    private static LocusModel model;
    private static Dataset data;
    private static LocalizationSet forget;

    @BeforeAll
    static void load() {
        Path demo = Path.of("assets/sports-world");
        model = LocusModel.load(demo, Device.cpu());
        data = SportsFactsCsv.read(demo.resolve("sports.csv"));
        Split split = Split.of(data, ForgetSpec.parse("first:64"));
        forget = LocalizationSet.of(model, data.format("standard"), split.forget(), data.attributes());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void attributionPatchingAgreesWithExactPatching() {
        Corruption c = Corruption.parse("subject-swap", null, 0);
        long t0 = System.nanoTime();
        ComponentScores ap = AttributionPatching.run(model, forget, c, Metric.LOGIT_DIFF, 64, Progress.NONE);
        long t1 = System.nanoTime();
        ComponentScores exact = ActivationPatching.run(model, forget, c, ActivationPatching.Options.defaults(), Progress.NONE);
        long t2 = System.nanoTime();
        System.out.printf("AP %.2fs exact %.2fs clean %.3f corr %.3f%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, ap.clean(), ap.corrupted());
        double[] a = ap.rows().stream().mapToDouble(ComponentScores.Row::score).toArray();
        double[] b = exact.rows().stream().mapToDouble(ComponentScores.Row::score).toArray();
        for (int i = 0; i < a.length; i++) {
            System.out.printf("%-8s ap %8.4f exact %8.4f%n", ap.rows().get(i).component(), a[i], b[i]);
        }
        System.out.println("layers ap " + ap.layerScores());
        System.out.println("layers ex " + exact.layerScores());
        System.out.println("pearson " + pearson(a, b));
        for (double[] alphas : new double[][] {{1}, {0, 1}, {0.5, 1}, {0.25, 0.5, 0.75, 1}, {0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1}}) {
            ComponentScores v = AttributionPatching.run(model, forget, c, Metric.LOGIT_DIFF, 64, alphas, Progress.NONE);
            double[] va = v.rows().stream().mapToDouble(ComponentScores.Row::score).toArray();
            System.out.println(java.util.Arrays.toString(alphas) + " pearson " + pearson(va, b) + " L0.mlp " + v.row("L0.mlp").score() + " L4.H2 " + v.row("L4.H2").score());
        }
        Corruption nz = Corruption.parse("noise", "3sd", 0);
        ComponentScores exn = ActivationPatching.run(model, forget, nz, ActivationPatching.Options.defaults(), Progress.NONE);
        double[] bn = exn.rows().stream().mapToDouble(ComponentScores.Row::score).toArray();
        for (double[] alphas : new double[][] {{1}, {0.5, 1}, {0.25, 0.5, 0.75, 1}}) {
            ComponentScores v = AttributionPatching.run(model, forget, nz, Metric.LOGIT_DIFF, 64, alphas, Progress.NONE);
            double[] va = v.rows().stream().mapToDouble(ComponentScores.Row::score).toArray();
            System.out.println("noise " + java.util.Arrays.toString(alphas) + " pearson " + pearson(va, bn) + " clean " + v.clean() + " corr " + v.corrupted());
        }
    }

    static double mean(ai.djl.ndarray.NDArray a) {
        return a.mean().getFloat();
    }

    static double pearson(double[] a, double[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) { ma += a[i] / a.length; mb += b[i] / b.length; }
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
