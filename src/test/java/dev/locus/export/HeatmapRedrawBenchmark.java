package dev.locus.export;

import dev.locus.export.heatmap.Heatmap;
import dev.locus.export.heatmap.HeatmapCharts;
import dev.locus.export.heatmap.ScoreHeatmaps;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;

/**
 * A benchmark, not a test: how long the component heatmap of a 42-layer, 16-head model takes to redraw at
 * 1000 x 700, with a selection outlined, as the canvas redraws it on every change; the target is under 16 ms (one
 * frame). A time on a shared CI machine proves little, so it asserts nothing: it is a main method, no JUnit test,
 * and the suite never runs it. What the heatmap draws (a cell per head and MLP, the outlines, the legend) is tested
 * by LocalizationChartsTest; the same redraw in the real window is measured by {@code -Dlocus.bench} (README,
 * Benchmarks). Run it with
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.locus.export.HeatmapRedrawBenchmark
 * </pre>
 */
public final class HeatmapRedrawBenchmark {
    private HeatmapRedrawBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Heatmap grid = ScoreHeatmaps.componentHeatmap(SyntheticScores.of(42, 16, 7), true);
        JFreeChart chart = HeatmapCharts.heatmap(grid, "Component scores: attribution-patching");
        HeatmapCharts.outline(chart, grid, List.of("L2.mlp", "L3.mlp", "L4.attn", "L20.H3"), false);
        HeatmapCharts.outline(chart, grid, List.of("L3.mlp", "L7.mlp"), true);
        BufferedImage image = new BufferedImage(1000, 700, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Rectangle2D area = new Rectangle2D.Double(0, 0, 1000, 700);
        for (int i = 0; i < 30; i++) {
            chart.draw(g, area);   // warm up the JIT and the font caches
        }
        int n = 200;
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            chart.draw(g, area);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        g.dispose();
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "heatmap 42 x 17 at 1000x700, %d redraws: median %.2f ms, p95 %.2f ms, worst %.2f ms%n",
                n, ms[n / 2], ms[(int) (n * 0.95)], ms[n - 1]);
    }
}
