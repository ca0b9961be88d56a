package dev.locus.export;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.ProbeRow;
import dev.locus.localize.method.Probes;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardXYToolTipGenerator;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Line charts over a whole-number axis, shared by the command line and the workbench: an experiment run's relearning
 * curves (by relearning step) and probe curves of the edited models (by layer), drawn from {@code metrics.csv} and
 * {@code probes.csv}; and a localization's probe curves (by layer), which FLU is read from. Layer axes label the
 * embeddings "emb" ({@link LayerAxis}).
 *
 * <p>Several seeds: a run's curve shows each method's mean over seeds ({@link SeedStat}) with a light band of one
 * standard deviation when there is more than one seed.
 */
public final class CurveCharts {
    private static final Stroke CHANCE = new BasicStroke(1.4f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {5f, 3f}, 0f);

    private CurveCharts() {
    }

    /**
     * Relearning curves: x the relearning step of phase {@code relearn-<k>}, y the accuracy on the held-out half of
     * the forget set (split {@code relearn}, metric {@code accuracy}: the paper's, the true answer's probability
     * renormalized over the candidates) in format; one line per method. A method with no
     * {@code relearn-0} row starts from its phase {@code after} value of that split, if it has one.
     */
    public static JFreeChart relearnCurves(List<MetricRow> rows, String format) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(format, "format");
        Map<String, TreeMap<Integer, SeedStat>> curves = new LinkedHashMap<>();
        for (String method : MethodStyle.sorted(rows.stream().map(MetricRow::method).toList())) {
            Predicate<MetricRow> value = r -> r.method().equals(method) && r.format().equals(format)
                    && r.split().equals("relearn") && r.metric().equals("accuracy");
            Map<Integer, List<MetricRow>> bySteps = new TreeMap<>();
            for (MetricRow row : rows) {
                if (value.test(row)) {
                    RunRows.relearnStep(row.phase()).ifPresent(step -> bySteps
                            .computeIfAbsent(step, k -> new ArrayList<>()).add(row));
                }
            }
            if (bySteps.isEmpty()) {
                continue;
            }
            if (!bySteps.containsKey(0)) {
                List<MetricRow> start = rows.stream().filter(value.and(r -> RunRows.AFTER.equals(r.phase()))).toList();
                if (!start.isEmpty()) {
                    bySteps.put(0, start);
                }
            }
            TreeMap<Integer, SeedStat> curve = new TreeMap<>();
            bySteps.forEach((step, stepRows) -> {
                SeedStat stat = SeedStat.of(stepRows, MetricRow::seed, MetricRow::value);
                if (stat != null) {
                    curve.put(step, stat);
                }
            });
            if (!curve.isEmpty()) {
                curves.put(method, curve);
            }
        }
        String title = "Relearning: Held-out Forget Accuracy ↓ (" + RunRows.formatName(format) + ")";
        JFreeChart chart = lineChart(title, "Relearning step",
                "Accuracy: mean P(true), held-out half", curves, false);
        NumberAxis steps = (NumberAxis) chart.getXYPlot().getDomainAxis();
        steps.setAutoRangeIncludesZero(true);
        return chart;
    }

    /**
     * Probe accuracy per layer on the forget facts after the edit: x the layer ("emb" for -1, the embeddings), y the
     * share of forget facts the probe assigns to target ({@code true}: the fact is still readable, lower is better;
     * {@code edit}: the edit target, higher is better); one line per method. Each method shows its phase
     * {@code after} rows, or its {@code before} rows when it has none; method {@code none} (before editing) is dashed.
     */
    public static JFreeChart probeCurves(List<ProbeRow> rows, String target) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(target, "target");
        Map<String, TreeMap<Integer, SeedStat>> curves = new LinkedHashMap<>();
        for (String method : MethodStyle.sorted(rows.stream().map(ProbeRow::method).toList())) {
            List<ProbeRow> mine = rows.stream()
                    .filter(r -> method.equals(r.method()) && target.equals(r.target())).toList();
            List<ProbeRow> shown = mine.stream().filter(r -> RunRows.AFTER.equals(r.phase())).toList();
            if (shown.isEmpty()) {
                shown = mine.stream().filter(r -> RunRows.BEFORE.equals(r.phase())).toList();
            }
            if (shown.isEmpty()) {
                shown = mine;
            }
            Map<Integer, List<ProbeRow>> byLayer = new TreeMap<>();
            shown.forEach(r -> byLayer.computeIfAbsent(r.layer(), k -> new ArrayList<>()).add(r));
            TreeMap<Integer, SeedStat> curve = new TreeMap<>();
            byLayer.forEach((layer, layerRows) -> {
                SeedStat stat = SeedStat.of(layerRows, ProbeRow::seed, ProbeRow::accuracy);
                if (stat != null) {
                    curve.put(layer, stat);
                }
            });
            if (!curve.isEmpty()) {
                curves.put(method, curve);
            }
        }
        String title = switch (target) {
            case "true" -> "Probe Classification Forget Accuracy ↓";
            case "edit" -> "Probe Classification Edit Accuracy ↑";
            default -> "Probe Classification Accuracy (" + target + ")";
        };
        JFreeChart chart = lineChart(title, "Layer", "Probe accuracy on forget facts", curves, true);
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setNumberFormatOverride(LayerAxis.tickFormat());
        return chart;
    }

    /**
     * A localization's probe accuracy per layer ("emb" for the embeddings) on held-out facts: the subject alone (what
     * FLU is read from) and the full prompt at the subject's last token and at the final token, with chance as a
     * dashed line.
     */
    public static JFreeChart probeCurves(List<Probes.Row> rows) {
        Objects.requireNonNull(rows, "rows");
        Map<String, String[]> curves = new LinkedHashMap<>();
        curves.put("Subject alone (last token)", new String[] {Probes.SUBJECT, Probes.SUBJECT_LAST});
        curves.put("Full prompt, subject's last token", new String[] {Probes.PROMPT, Probes.SUBJECT_LAST});
        curves.put("Full prompt, final token", new String[] {Probes.PROMPT, Probes.FINAL});
        Color[] colors = {MethodStyle.color("flu"), MethodStyle.color("attribution-patching"), FigureTheme.TICK_TEXT};
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int s = 0;
        int minLayer = 0;
        int maxLayer = 0;
        for (Map.Entry<String, String[]> e : curves.entrySet()) {
            List<Probes.Row> curve = Probes.curve(rows, e.getValue()[0], e.getValue()[1]);
            if (curve.isEmpty()) {
                continue;
            }
            XYSeries series = new XYSeries(e.getKey());
            for (Probes.Row r : curve) {
                series.add(r.layer(), r.accuracy());
                minLayer = Math.min(minLayer, r.layer());
                maxLayer = Math.max(maxLayer, r.layer());
            }
            data.addSeries(series);
            renderer.setSeriesPaint(s, colors[Math.min(s, colors.length - 1)]);
            renderer.setSeriesStroke(s, SeriesStrokes.LINE);
            s++;
        }
        renderer.setDefaultToolTipGenerator(new StandardXYToolTipGenerator());
        NumberAxis x = new NumberAxis("Layer (emb = embeddings)");
        x.setTickUnit(new NumberTickUnit(integerTickUnit(IntStream.rangeClosed(minLayer, maxLayer).boxed().toList()),
                LayerAxis.tickFormat()), false, true);
        x.setRange(minLayer - 0.3, maxLayer + 0.3);
        NumberAxis y = new NumberAxis("Held-out probe accuracy");
        y.setRange(new Range(0.0, 1.02), true, false);
        y.setTickUnit(new NumberTickUnit(0.1), false, true);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        if (!rows.isEmpty()) {
            plot.addRangeMarker(chanceLine(rows.get(0).chance()));
        }
        plot.setNoDataMessage("No probe curves: run probes (or any method without FLU layers given by hand)");
        return FigureTheme.apply(new JFreeChart("Where the fact becomes readable", JFreeChart.DEFAULT_TITLE_FONT, plot,
                true));
    }

    /** A dashed horizontal line at chance accuracy, labelled with it. */
    private static ValueMarker chanceLine(double chance) {
        ValueMarker marker = new ValueMarker(chance, FigureTheme.AXIS_LINE, CHANCE);
        marker.setLabel(String.format(Locale.ROOT, "chance %.2f", chance));
        marker.setLabelFont(FigureTheme.TICK_LABEL_FONT);
        marker.setLabelPaint(FigureTheme.TICK_TEXT);
        marker.setLabelBackgroundColor(FigureTheme.BACKGROUND);
        marker.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        return marker;
    }

    /** One line per method (x to its statistic), a band of one standard deviation where there are several seeds. */
    private static JFreeChart lineChart(String title, String xLabel, String yLabel,
            Map<String, TreeMap<Integer, SeedStat>> curves, boolean noneDashed) {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        // Several seeds: a light band of one standard deviation around each line (as matplotlib's fill_between).
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.14f);
        renderer.setLegendLine(new Line2D.Double(-12, 0, 12, 0));
        renderer.setDefaultToolTipGenerator(new StandardXYToolTipGenerator());
        int series = 0;
        for (Map.Entry<String, TreeMap<Integer, SeedStat>> entry : curves.entrySet()) {
            String method = entry.getKey();
            YIntervalSeries line = new YIntervalSeries(MethodStyle.displayName(method), false, false);
            entry.getValue().forEach((x, stat) -> line.add(x, stat.mean(), stat.low(), stat.high()));
            dataset.addSeries(line);
            boolean none = noneDashed && MethodStyle.NONE.equals(method);
            renderer.setSeriesPaint(series, MethodStyle.color(method));
            renderer.setSeriesFillPaint(series, MethodStyle.color(method));
            renderer.setSeriesStroke(series, none ? SeriesStrokes.DASHED : SeriesStrokes.LINE);
            renderer.setSeriesShape(series, MethodStyle.shape(method));
            renderer.setSeriesShapesVisible(series, !none);
            series++;
        }
        NumberAxis x = new NumberAxis(xLabel);
        x.setTickUnit(new NumberTickUnit(integerTickUnit(curves.values().stream()
                .flatMap(c -> c.keySet().stream()).distinct().sorted().toList())), false, true);
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0.03);
        x.setUpperMargin(0.03);
        NumberAxis y = BeforeAfterBars.unitAxis(yLabel);
        y.setRange(new Range(0.0, 1.02), true, false);
        XYPlot plot = new XYPlot(dataset, x, y, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDomainGridlinesVisible(true);
        plot.setRangeGridlinesVisible(true);
        return FigureTheme.apply(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /**
     * The tick spacing of an axis of whole numbers xs (sorted): their common step when that gives at most 16 ticks
     * (every layer, or relearning steps 0, 10, 20), else the smallest of 1, 2, 5, 10, 20, 50, ... that does.
     */
    static int integerTickUnit(List<Integer> xs) {
        if (xs.size() < 2) {
            return 1;
        }
        int first = xs.get(0);
        int span = xs.get(xs.size() - 1) - first;
        int step = 0;
        for (int x : xs) {
            step = gcd(step, x - first);
        }
        if (step > 0 && span / step <= 15) {
            return step;
        }
        for (int unit = 1;; unit *= 10) {
            for (int nice : new int[] {unit, 2 * unit, 5 * unit}) {
                if (span / nice <= 15) {
                    return nice;
                }
            }
        }
    }

    private static int gcd(int a, int b) {
        return b == 0 ? Math.abs(a) : gcd(b, a % b);
    }
}
