package dev.locus.export;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.Test;

/**
 * Not a timed test (it asserts nothing about time): how long the component heatmap of a 42-layer, 16-head model
 * takes to redraw at 1000 x 700, with a selection outlined, as the canvas redraws it on every change. Run with
 * {@code mvn -o test -Dtest=HeatmapRedrawBenchmark}; the target is under 16 ms (one frame).
 */
class HeatmapRedrawBenchmark {
    @Test
    void redrawA42By17Heatmap() {
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
        assertTrue(ms[n / 2] > 0);
    }
}
