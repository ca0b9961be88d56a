package dev.locus.export;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.export.heatmap.DivergingScale;
import dev.locus.export.heatmap.Heatmap;
import dev.locus.export.heatmap.HeatmapCharts;
import dev.locus.export.heatmap.ScoreHeatmaps;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.Probes;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.junit.jupiter.api.Test;

class LocalizationChartsTest {

    @Test
    void aLargeModelsHeatmapHasACellPerHeadAndMlpAndADivergingLegend() {
        ComponentScores s = SyntheticScores.of(42, 16, 1);
        Heatmap grid = ScoreHeatmaps.componentHeatmap(s, false);
        assertEquals(42, grid.rows().size());
        assertEquals(17, grid.columns().size());
        assertEquals("H15", grid.columns().get(15));
        assertEquals(ScoreHeatmaps.MLP, grid.columns().get(16));
        assertEquals("L41.H15", grid.id(41, 15));
        assertEquals(s.row("L41.mlp").score(), grid.value(41, 16), 0);
        assertEquals(16, grid.cellsOf("L41.attn").size(), "a whole attention covers its heads' cells");
        assertEquals(List.of("L40.H15", "L40.mlp", "L41.H15", "L41.mlp"), grid.idsBetween(41, 16, 40, 15));

        JFreeChart chart = HeatmapCharts.heatmap(grid, "Component scores");
        XYPlot plot = chart.getXYPlot();
        assertEquals(42 * 17, plot.getDataset().getItemCount(0));
        assertTrue(plot.getRangeAxis().isInverted(), "layer 0 at the top");
        assertInstanceOf(SymbolAxis.class, plot.getDomainAxis());
        var scale = ((XYBlockRenderer) plot.getRenderer()).getPaintScale();
        assertEquals(-scale.getUpperBound(), scale.getLowerBound(), 0, "symmetric around 0");
        assertEquals(grid.maxAbs(), scale.getUpperBound(), 0);
        assertEquals(DivergingScale.ZERO, scale.getPaint(0));
        Color hot = (Color) scale.getPaint(scale.getUpperBound());
        Color cold = (Color) scale.getPaint(scale.getLowerBound());
        assertTrue(hot.getRed() > hot.getBlue() && cold.getBlue() > cold.getRed(), "red above 0, blue below");
        assertTrue(chart.getSubtitles().stream().anyMatch(PaintScaleLegend.class::isInstance), "a color legend");

        HeatmapCharts.outline(chart, grid, List.of("L3.attn", "L3.mlp"), false);
        assertEquals(17, plot.getAnnotations().size());
        HeatmapCharts.outline(chart, grid, List.of("L3.mlp"), true);
        assertEquals(18, plot.getAnnotations().size(), "the comparison is drawn besides the selection");
        HeatmapCharts.outline(chart, grid, List.of("L0.mlp", "L1.mlp"), false);
        assertEquals(3, plot.getAnnotations().size(), "a new selection replaces the old outline");

        BufferedImage image = FigureExport.render(chart, 1000, 700, 96);
        assertEquals(1000, image.getWidth());
        assertEquals("L41.H15 = " + String.format(java.util.Locale.ROOT, "%.4g", grid.value(41, 15)),
                HeatmapCharts.cellText(grid, 41, 15));
    }

    @Test
    void causalTracingHeatmapHasALayerRowPerPositionClassPerSite() {
        List<ComponentScores.PositionEffect> cells = new java.util.ArrayList<>();
        String[] tokens = {"subject-first", "subject-last", "final"};
        for (String site : List.of("resid", "mlp", "attn")) {
            for (int l = 0; l < 3; l++) {
                for (int p = 0; p < 3; p++) {
                    cells.add(new ComponentScores.PositionEffect(site, l, p, tokens[p], l * 10 + p, (l * 10 + p) / 100.0));
                }
            }
        }
        ComponentScores s = new ComponentScores("causal-tracing", Metric.PROB, "synthetic", List.of(), Map.of(), 1, 0,
                cells);
        assertEquals(List.of("resid", "mlp", "attn"), ScoreHeatmaps.positionSites(s));
        Heatmap grid = ScoreHeatmaps.positionHeatmap(s, "mlp", false);
        assertEquals(List.of("subject-first", "subject-last", "final"), grid.columns());
        assertEquals(21.0, grid.value(2, 1), 0);
        assertNull(grid.id(2, 1), "position cells are not components");
        assertEquals(0.21, ScoreHeatmaps.positionHeatmap(s, "mlp", true).value(2, 1), 1e-12);
        assertTrue(HeatmapCharts.cellText(grid, 2, 1).startsWith("L2 at subject-last"));
        assertNotNull(HeatmapCharts.heatmap(grid, "tracing"));
    }

    @Test
    void probeCurvesShowSubjectAloneAndFullPromptWithChance() {
        List<Probes.Row> rows = new java.util.ArrayList<>();
        for (String[] c : new String[][] {{Probes.SUBJECT, Probes.SUBJECT_LAST}, {Probes.PROMPT, Probes.SUBJECT_LAST},
                {Probes.PROMPT, Probes.FINAL}}) {
            for (int l = -1; l < 4; l++) {
                rows.add(new Probes.Row(l, "h", c[1], c[0], 0.3 + 0.15 * (l + 1), 1, 40, 20, 0.33));
            }
        }
        JFreeChart chart = CurveCharts.probeCurves(rows);
        XYPlot plot = chart.getXYPlot();
        assertEquals(3, plot.getDataset().getSeriesCount());
        assertEquals("Subject alone (last token)", plot.getDataset().getSeriesKey(0));
        assertEquals(5, plot.getDataset().getItemCount(0), "embeddings and four layers");
        assertEquals(1, plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).size(), "the chance line");
    }
}
