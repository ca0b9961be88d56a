package dev.locus.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.ProbeRow;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.SpiderWebPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.statistics.StatisticalCategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

class ChartsTest {
    private static final double EPS = 1e-9;
    private static final List<String> NAMES = MethodStyle.order().stream().map(MethodStyle::displayName).toList();

    @Test
    void standardBarsHaveOneBarPerMethodAndOneGroupPerPanel() {
        JFreeChart chart = BeforeAfterBars.beforeAfterBars("Standard", FigureData.metricRows(1), "standard",
                BeforeAfterBars.standardPanels());
        CategoryPlot plot = chart.getCategoryPlot();
        StatisticalCategoryDataset after = (StatisticalCategoryDataset) plot.getDataset(0);
        assertEquals(NAMES, after.getRowKeys());
        assertEquals(List.of("Forget Error ↑", "Maintain Accuracy ↑", "Edit Accuracy ↑", "General questions ↑"),
                after.getColumnKeys());
        for (String method : MethodStyle.order()) {
            String name = MethodStyle.displayName(method);
            assertEquals(1 - FigureData.value(method, 1), after.getMeanValue(name, "Forget Error ↑").doubleValue(),
                    EPS);
            assertEquals(FigureData.value(method, 2), after.getMeanValue(name, "Maintain Accuracy ↑").doubleValue(),
                    EPS);
            assertEquals(FigureData.value(method, 3), after.getMeanValue(name, "Edit Accuracy ↑").doubleValue(), EPS);
            assertEquals(FigureData.value(method, 4), after.getMeanValue(name, "General questions ↑").doubleValue(),
                    EPS);
            assertNull(after.getStdDevValue(name, "Forget Error ↑"), "one seed: no error bar");
        }
        CategoryItemRenderer bars = plot.getRenderer(0);
        for (int i = 0; i < 9; i++) {
            assertEquals(MethodStyle.color(MethodStyle.order().get(i)), bars.getSeriesPaint(i));
        }
        CategoryDataset before = plot.getDataset(1);
        assertEquals(List.of("Before editing"), before.getRowKeys());
        assertEquals(1 - FigureData.BEFORE_FORGET, before.getValue("Before editing", "Forget Error ↑").doubleValue(),
                EPS);
        assertEquals(FigureData.BEFORE_GENERAL, before.getValue("Before editing", "General questions ↑").doubleValue(),
                EPS);
        ValueAxis y = plot.getRangeAxis();
        assertEquals(0.0, y.getLowerBound(), EPS);
        assertEquals(1.0, y.getUpperBound(), EPS);
        assertEquals("Standard", chart.getTitle().getText());
        LegendItemCollection legend = plot.getLegendItems();
        assertEquals(10, legend.getItemCount());
        assertEquals("Fact Lookup", legend.get(0).getLabel());
        assertEquals("Before editing", legend.get(9).getLabel());
    }

    @Test
    void multipleChoiceBarsReadTheMcqFormat() {
        CategoryPlot plot = BeforeAfterBars
                .beforeAfterBars(FigureData.metricRows(1), "standard", BeforeAfterBars.mcqPanels()).getCategoryPlot();
        StatisticalCategoryDataset after = (StatisticalCategoryDataset) plot.getDataset(0);
        assertEquals(9, after.getRowCount());
        assertEquals(List.of("MCQ Forget Error ↑", "MCQ Edit Accuracy ↑"), after.getColumnKeys());
        assertEquals(1 - 0.12, after.getMeanValue("Fact Lookup", "MCQ Forget Error ↑").doubleValue(), EPS);
        assertEquals(0.08, after.getMeanValue("Causal Tracing", "MCQ Edit Accuracy ↑").doubleValue(), EPS);
    }

    @Test
    void severalSeedsGiveTheMeanAndTheirStandardDeviation() {
        StatisticalCategoryDataset after = (StatisticalCategoryDataset) BeforeAfterBars
                .beforeAfterBars(FigureData.metricRows(2), "standard", BeforeAfterBars.standardPanels())
                .getCategoryPlot().getDataset(0);
        double seed1 = 1 - FigureData.value("flu", 1);
        double seed2 = seed1 - FigureData.SEED_2_SHIFT;
        assertEquals((seed1 + seed2) / 2, after.getMeanValue("Fact Lookup", "Forget Error ↑").doubleValue(), EPS);
        // sample standard deviation of two values: |a - b| / sqrt(2)
        assertEquals(FigureData.SEED_2_SHIFT / Math.sqrt(2),
                after.getStdDevValue("Fact Lookup", "Forget Error ↑").doubleValue(), EPS);
    }

    @Test
    void barsLeaveOutMethodsWithoutValuesAndColorUnknownMethodsGrey() {
        List<MetricRow> rows = new ArrayList<>();
        rows.add(new MetricRow("my-method", 1, "after", "standard", "forget", "accuracy", 0.25));
        rows.add(new MetricRow("flu", 1, "after", "standard", "forget", "accuracy", 0.5));
        rows.add(new MetricRow("flu", 1, "after", "standard", "forget", "accuracy", Double.NaN));
        rows.add(new MetricRow("random", 1, "after", "qa", "forget", "accuracy", 0.5)); // another format
        CategoryPlot plot = BeforeAfterBars.beforeAfterBars(rows, "standard", BeforeAfterBars.standardPanels())
                .getCategoryPlot();
        StatisticalCategoryDataset after = (StatisticalCategoryDataset) plot.getDataset(0);
        assertEquals(List.of("Fact Lookup", "my-method"), after.getRowKeys());
        assertEquals(0.75, after.getMeanValue("my-method", "Forget Error ↑").doubleValue(), EPS);
        assertEquals(0.5, after.getMeanValue("Fact Lookup", "Forget Error ↑").doubleValue(), EPS, "NaN ignored");
        assertNull(after.getMeanValue("Fact Lookup", "Maintain Accuracy ↑"));
        assertEquals(MethodStyle.UNKNOWN_COLOR, plot.getRenderer(0).getSeriesPaint(1));
        assertNull(plot.getDataset(1), "no before rows: no reference line");
    }

    @Test
    void theReferenceLineSitsOverItsOwnGroupWhenOtherGroupsHaveNoBeforeValue() {
        List<MetricRow> rows = List.of(
                new MetricRow("flu", 1, "after", "standard", "forget", "accuracy", 0.1),
                new MetricRow("flu", 1, "after", "general", "general", "accuracy", 0.6),
                new MetricRow("none", 1, "before", "general", "general", "accuracy", 0.7));
        JFreeChart chart = BeforeAfterBars.beforeAfterBars(rows, "standard", BeforeAfterBars.standardPanels());
        CategoryDataset before = chart.getCategoryPlot().getDataset(1);
        assertEquals(4, before.getColumnCount());
        assertNull(before.getValue("Before editing", "Forget Error ↑"));
        assertEquals(3, before.getColumnIndex("General questions ↑"));
        assertEquals(0.7, before.getValue("Before editing", "General questions ↑").doubleValue(), EPS);
        // draws without trouble
        assertEquals(400, FigureExport.render(chart, 400, 300, 96).getWidth());
    }

    @Test
    void relearnCurvesPlotTheParsedStepsPerMethod() {
        JFreeChart chart = CurveCharts.relearnCurves(FigureData.metricRows(1), "standard");
        XYPlot plot = chart.getXYPlot();
        XYDataset data = plot.getDataset();
        assertEquals(9, data.getSeriesCount());
        XYItemRenderer renderer = plot.getRenderer();
        for (int s = 0; s < 9; s++) {
            String method = MethodStyle.order().get(s);
            assertEquals(MethodStyle.displayName(method), data.getSeriesKey(s));
            assertEquals(MethodStyle.color(method), renderer.getSeriesPaint(s));
            assertEquals(FigureData.RELEARN_STEPS.length, data.getItemCount(s));
            for (int i = 0; i < FigureData.RELEARN_STEPS.length; i++) {
                int step = FigureData.RELEARN_STEPS[i];
                assertEquals(step, data.getXValue(s, i), EPS);
                assertEquals(FigureData.relearnAt(method, step), data.getYValue(s, i), EPS);
            }
        }
        assertTrue(chart.getTitle().getText().contains("Standard"));
        assertEquals(0.0, plot.getRangeAxis().getLowerBound(), EPS);
        JFreeChart mcq = CurveCharts.relearnCurves(FigureData.metricRows(1), "mcq");
        assertEquals(Math.min(1.0, FigureData.relearnAt("flu", 20) + 0.1),
                mcq.getXYPlot().getDataset().getYValue(0, FigureData.RELEARN_STEPS.length - 1), EPS);
        assertTrue(mcq.getTitle().getText().contains("Multiple Choice"));
    }

    @Test
    void relearnCurvesStartFromTheAfterValueWithoutStepZero() {
        List<MetricRow> rows = List.of(
                new MetricRow("flu", 1, "after", "standard", "relearn", "accuracy", 0.1),
                new MetricRow("flu", 1, "relearn-10", "standard", "relearn", "accuracy", 0.2),
                new MetricRow("flu", 1, "relearn-20", "standard", "relearn", "accuracy", 0.3),
                new MetricRow("flu", 1, "relearn-x", "standard", "relearn", "accuracy", 0.9));
        XYDataset data = CurveCharts.relearnCurves(rows, "standard").getXYPlot().getDataset();
        assertEquals(3, data.getItemCount(0));
        assertEquals(0.0, data.getXValue(0, 0), EPS);
        assertEquals(0.1, data.getYValue(0, 0), EPS);
        assertEquals(20.0, data.getXValue(0, 2), EPS);
        assertEquals(Optional.of(7), RunRows.relearnStep("relearn-7"));
        assertEquals(Optional.empty(), RunRows.relearnStep("relearn-"));
        assertEquals(Optional.empty(), RunRows.relearnStep("after"));
    }

    @Test
    void probeCurvesPlotAccuracyPerLayerWithTheUneditedModelDashed() {
        JFreeChart chart = CurveCharts.probeCurves(FigureData.probeRows(1), "true");
        assertEquals("Probe Classification Forget Accuracy ↓", chart.getTitle().getText());
        assertEquals("Probe Classification Edit Accuracy ↑",
                CurveCharts.probeCurves(FigureData.probeRows(1), "edit").getTitle().getText());
        XYPlot plot = chart.getXYPlot();
        XYDataset data = plot.getDataset();
        assertEquals(10, data.getSeriesCount());
        assertEquals("Fact Lookup", data.getSeriesKey(0));
        assertEquals("Before editing", data.getSeriesKey(9));
        assertEquals(FigureData.LAYERS + 1, data.getItemCount(0));
        assertEquals(-1.0, data.getXValue(0, 0), EPS);
        assertEquals(FigureData.probeTrue("flu", 5), data.getYValue(0, 6), EPS);
        assertEquals(0.97, data.getYValue(9, 3), EPS);
        XYItemRenderer renderer = plot.getRenderer();
        assertEquals(MethodStyle.color("flu"), renderer.getSeriesPaint(0));
        assertEquals(MethodStyle.NONE_COLOR, renderer.getSeriesPaint(9));
        assertNotNull(((BasicStroke) renderer.getSeriesStroke(9)).getDashArray());
        assertNull(((BasicStroke) renderer.getSeriesStroke(0)).getDashArray());
        NumberAxis layers = (NumberAxis) plot.getDomainAxis();
        assertEquals("emb", layers.getNumberFormatOverride().format(-1));
        assertEquals("3", layers.getNumberFormatOverride().format(3));
    }

    @Test
    void radarHasOnePolygonPerMethodOnFourAxes() {
        JFreeChart chart = RadarChart.radar(FigureData.metricRows(1));
        SpiderWebPlot plot = assertInstanceOf(SpiderWebPlot.class, chart.getPlot());
        CategoryDataset data = plot.getDataset();
        assertEquals(List.of("General questions", "Edit Accuracy", "Maintain Accuracy", "MCQ Edit Accuracy"),
                data.getColumnKeys());
        assertEquals(10, data.getRowCount());
        assertEquals(FigureData.value("flu", 4), data.getValue("Fact Lookup", "General questions").doubleValue(), EPS);
        assertEquals(FigureData.value("random", 3), data.getValue("Random", "Edit Accuracy").doubleValue(), EPS);
        assertEquals(FigureData.value("all-mlps", 6), data.getValue("All MLPs", "MCQ Edit Accuracy").doubleValue(),
                EPS);
        assertEquals(FigureData.BEFORE_MAINTAIN, data.getValue("Before editing", "Maintain Accuracy").doubleValue(),
                EPS);
        for (int i = 0; i < 9; i++) {
            assertEquals(MethodStyle.color(MethodStyle.order().get(i)), plot.getSeriesPaint(i));
        }
        assertEquals(1.0, plot.getMaxValue(), EPS);
        assertThrows(IllegalArgumentException.class,
                () -> RadarChart.radar(List.of(), BeforeAfterBars.standardPanels()));
    }

    @Test
    void everyChartHasTheFigureLook() {
        List<MetricRow> rows = FigureData.metricRows(1);
        List<ProbeRow> probes = FigureData.probeRows(1);
        for (JFreeChart chart : List.of(BeforeAfterBars.beforeAfterBars(rows, "standard",
                BeforeAfterBars.standardPanels()), CurveCharts.relearnCurves(rows, "standard"),
                CurveCharts.probeCurves(probes, "true"), RadarChart.radar(rows))) {
            assertEquals(FigureTheme.BACKGROUND, chart.getBackgroundPaint());
            assertEquals(FigureTheme.BACKGROUND, chart.getPlot().getBackgroundPaint());
            assertEquals(org.jfree.chart.ui.RectangleEdge.BOTTOM, chart.getLegend().getPosition());
            assertEquals(FigureTheme.LEGEND_FONT, chart.getLegend().getItemFont());
            assertFalse(chart.getPlot().isOutlineVisible());
        }
        assertEquals(10, RadarChart.radar(rows).getPlot().getLegendItems().getItemCount());
    }
}
