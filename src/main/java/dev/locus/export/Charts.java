package dev.locus.export;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.ProbeRow;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryToolTipGenerator;
import org.jfree.chart.labels.StandardXYToolTipGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.util.TableOrder;
import org.jfree.data.Range;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The figures of an experiment run as JFreeChart charts, drawn from the rows of {@code metrics.csv} and
 * {@code probes.csv} (Guo et al., 2024, Mechanistic Unlearning, section 7 of the figures). The command line exports
 * them with {@link FigureExport}; the workbench shows the same charts. Every chart has the {@link FigureTheme} look
 * and the {@link MethodStyle} colors.
 *
 * <p>Several seeds: a chart shows each method's mean over seeds (a seed's several rows for one value are averaged
 * first), with error bars of one standard deviation over seeds when there is more than one seed. Rows with a
 * value that is not finite are ignored. Series and legend entries are named by {@link MethodStyle#displayName}.
 */
public final class Charts {
    /** The phase of the rows that bars, radar and probe curves show. */
    public static final String AFTER = "after";
    /** The phase of the unedited model's rows. */
    public static final String BEFORE = "before";
    /** Relearning phases are {@code relearn-<k>}, k the relearning step. */
    public static final String RELEARN_PREFIX = "relearn-";

    private static final Stroke LINE = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke DASHED = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {6f, 4f}, 0f);
    private static final Stroke REFERENCE = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {5f, 3f}, 0f);

    private Charts() {
    }

    /**
     * The paper's "Standard" panel: Forget Error (1 - forget accuracy), Maintain Accuracy, Edit Accuracy in the
     * chart's format, and general capability (MMLU; format and split {@code general}).
     */
    public static List<MetricPanel> standardPanels() {
        return List.of(
                new MetricPanel("Forget Error ↑", null, "forget", "accuracy", true),
                new MetricPanel("Maintain Accuracy ↑", null, "maintain", "accuracy", false),
                new MetricPanel("Edit Accuracy ↑", null, "forget", "edit_accuracy", false),
                new MetricPanel("General (MMLU) ↑", "general", "general", "accuracy", false));
    }

    /** The paper's "Multiple Choice" panel: MCQ Forget Error and MCQ Edit Accuracy (format {@code mcq}). */
    public static List<MetricPanel> mcqPanels() {
        return List.of(
                new MetricPanel("MCQ Forget Error ↑", "mcq", "forget", "accuracy", true),
                new MetricPanel("MCQ Edit Accuracy ↑", "mcq", "forget", "edit_accuracy", false));
    }

    /** The radar's axes: general capability, edit accuracy, maintain accuracy, MCQ edit accuracy. */
    public static List<MetricPanel> radarAxes() {
        return List.of(
                new MetricPanel("General (MMLU)", "general", "general", "accuracy", false),
                new MetricPanel("Edit Accuracy", "standard", "forget", "edit_accuracy", false),
                new MetricPanel("Maintain Accuracy", "standard", "maintain", "accuracy", false),
                new MetricPanel("MCQ Edit Accuracy", "mcq", "forget", "edit_accuracy", false));
    }

    /** {@link #beforeAfterBars(String, List, String, List)} without a title. */
    public static JFreeChart beforeAfterBars(List<MetricRow> rows, String format, List<MetricPanel> panels) {
        return beforeAfterBars(null, rows, format, panels);
    }

    /**
     * Grouped bars after the edit: one group per panel, one bar per method (canonical order), y from 0 to 1. The
     * unedited model's value (phase {@code before}, any method) is a dashed line across each group, "Before
     * editing" in the legend. Method {@code none} gets no bars. A method without any value in these panels is left
     * out.
     *
     * @param title the chart's title, or null for none
     * @param format the prompt format of the panels that name none (e.g. {@code standard})
     */
    public static JFreeChart beforeAfterBars(String title, List<MetricRow> rows, String format,
            List<MetricPanel> panels) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(panels, "panels");
        DefaultStatisticalCategoryDataset after = new DefaultStatisticalCategoryDataset();
        List<String> methods = new ArrayList<>();
        for (String method : MethodStyle.sorted(rows.stream().map(MetricRow::method).toList())) {
            if (MethodStyle.NONE.equals(method)) {
                continue;
            }
            List<Stat> stats = panels.stream()
                    .map(panel -> metric(rows, panel, format, r -> r.method().equals(method) && AFTER.equals(r.phase())))
                    .toList();
            if (stats.stream().allMatch(Objects::isNull)) {
                continue;
            }
            methods.add(method);
            for (int i = 0; i < panels.size(); i++) {
                Stat stat = stats.get(i);
                after.add(stat == null ? null : stat.mean(), stat == null ? null : stat.errorOrNull(),
                        MethodStyle.displayName(method), panels.get(i).label());
            }
        }
        DefaultCategoryDataset before = new DefaultCategoryDataset();
        for (MetricPanel panel : panels) {
            Stat stat = metric(rows, panel, format, r -> BEFORE.equals(r.phase()));
            // every panel a column, null where the unedited model has no value, so columns match the bars'
            before.addValue(stat == null ? null : stat.mean(), MethodStyle.displayName(MethodStyle.NONE),
                    panel.label());
        }
        boolean anyBefore = IntStream.range(0, before.getColumnCount()).anyMatch(i -> before.getValue(0, i) != null);

        CategoryAxis categories = new CategoryAxis(null);
        categories.setCategoryMargin(0.22);
        categories.setLowerMargin(0.03);
        categories.setUpperMargin(0.03);
        categories.setMaximumCategoryLabelLines(2);
        NumberAxis values = unitAxis(null);
        StatisticalBarRenderer bars = new StatisticalBarRenderer();
        bars.setItemMargin(0.04);
        bars.setDefaultLegendShape(new Rectangle2D.Double(-6, -6, 12, 12));
        bars.setDefaultToolTipGenerator(new StandardCategoryToolTipGenerator());
        for (int i = 0; i < methods.size(); i++) {
            bars.setSeriesPaint(i, MethodStyle.color(methods.get(i)));
        }
        CategoryPlot plot = new CategoryPlot(after, categories, values, bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(true);
        if (anyBefore) {
            ReferenceLineRenderer reference = new ReferenceLineRenderer();
            reference.setSeriesPaint(0, MethodStyle.NONE_COLOR);
            reference.setSeriesStroke(0, REFERENCE);
            reference.setDefaultToolTipGenerator(new StandardCategoryToolTipGenerator());
            plot.setDataset(1, before);
            plot.setRenderer(1, reference);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        }
        return FigureTheme.apply(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /**
     * Relearning curves: x the relearning step of phase {@code relearn-<k>}, y the accuracy on the held-out half of
     * the forget set (split {@code relearn}, metric {@code accuracy}) in format; one line per method. A method with no
     * {@code relearn-0} row starts from its phase {@code after} value of that split, if it has one.
     */
    public static JFreeChart relearnCurves(List<MetricRow> rows, String format) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(format, "format");
        Map<String, TreeMap<Integer, Stat>> curves = new LinkedHashMap<>();
        for (String method : MethodStyle.sorted(rows.stream().map(MetricRow::method).toList())) {
            Predicate<MetricRow> value = r -> r.method().equals(method) && r.format().equals(format)
                    && r.split().equals("relearn") && r.metric().equals("accuracy");
            Map<Integer, List<MetricRow>> bySteps = new TreeMap<>();
            for (MetricRow row : rows) {
                if (value.test(row)) {
                    relearnStep(row.phase()).ifPresent(step -> bySteps.computeIfAbsent(step, k -> new ArrayList<>())
                            .add(row));
                }
            }
            if (bySteps.isEmpty()) {
                continue;
            }
            if (!bySteps.containsKey(0)) {
                List<MetricRow> start = rows.stream().filter(value.and(r -> AFTER.equals(r.phase()))).toList();
                if (!start.isEmpty()) {
                    bySteps.put(0, start);
                }
            }
            TreeMap<Integer, Stat> curve = new TreeMap<>();
            bySteps.forEach((step, stepRows) -> {
                Stat stat = Stat.of(stepRows, MetricRow::seed, MetricRow::value);
                if (stat != null) {
                    curve.put(step, stat);
                }
            });
            if (!curve.isEmpty()) {
                curves.put(method, curve);
            }
        }
        String title = "Relearning: Held-out Forget Accuracy ↓ (" + formatName(format) + ")";
        JFreeChart chart = lineChart(title, "Relearning step", "Forget accuracy (held-out half)", curves, false);
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
        Map<String, TreeMap<Integer, Stat>> curves = new LinkedHashMap<>();
        for (String method : MethodStyle.sorted(rows.stream().map(ProbeRow::method).toList())) {
            List<ProbeRow> mine = rows.stream()
                    .filter(r -> method.equals(r.method()) && target.equals(r.target())).toList();
            List<ProbeRow> shown = mine.stream().filter(r -> AFTER.equals(r.phase())).toList();
            if (shown.isEmpty()) {
                shown = mine.stream().filter(r -> BEFORE.equals(r.phase())).toList();
            }
            if (shown.isEmpty()) {
                shown = mine;
            }
            Map<Integer, List<ProbeRow>> byLayer = new TreeMap<>();
            shown.forEach(r -> byLayer.computeIfAbsent(r.layer(), k -> new ArrayList<>()).add(r));
            TreeMap<Integer, Stat> curve = new TreeMap<>();
            byLayer.forEach((layer, layerRows) -> {
                Stat stat = Stat.of(layerRows, ProbeRow::seed, ProbeRow::accuracy);
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
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setNumberFormatOverride(new LayerFormat());
        return chart;
    }

    /** {@link #radar(List, List)} with {@link #radarAxes()}. */
    public static JFreeChart radar(List<MetricRow> rows) {
        return radar(rows, radarAxes());
    }

    /**
     * A radar chart after the edit, one axis per panel (0 at the centre, 1 at the tip), one polygon per method in its
     * color, and the unedited model (phase {@code before}) as a dashed grey polygon. Panels must name their format.
     */
    public static JFreeChart radar(List<MetricRow> rows, List<MetricPanel> axes) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(axes, "axes");
        for (MetricPanel axis : axes) {
            if (axis.format() == null) {
                throw new IllegalArgumentException("radar axis " + axis.label() + ": no format");
            }
        }
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        List<String> methods = new ArrayList<>();
        for (String method : MethodStyle.sorted(rows.stream().map(MetricRow::method).toList())) {
            if (MethodStyle.NONE.equals(method)) {
                continue;
            }
            Predicate<MetricRow> mine = r -> r.method().equals(method) && AFTER.equals(r.phase());
            if (addRow(dataset, rows, axes, mine, MethodStyle.displayName(method))) {
                methods.add(method);
            }
        }
        if (addRow(dataset, rows, axes, r -> BEFORE.equals(r.phase()), MethodStyle.displayName(MethodStyle.NONE))) {
            methods.add(MethodStyle.NONE);
        }
        RadarPlot plot = new RadarPlot(dataset);
        plot.setDataExtractOrder(TableOrder.BY_ROW);
        plot.setMaxValue(1.0);
        plot.setStartAngle(90);
        plot.setInteriorGap(0.16);
        plot.setAxisLabelGap(0.06);
        plot.setWebFilled(true);
        plot.setWebFillAlpha(0.035f);
        for (int i = 0; i < methods.size(); i++) {
            String method = methods.get(i);
            Color color = MethodStyle.color(method);
            plot.setSeriesPaint(i, color);
            plot.setSeriesOutlinePaint(i, color);
            plot.setSeriesOutlineStroke(i, MethodStyle.NONE.equals(method) ? DASHED : LINE);
        }
        JFreeChart chart = new JFreeChart("Edit Accuracy and Retained Capability ↑", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        return FigureTheme.apply(chart);
    }

    private static boolean addRow(DefaultCategoryDataset dataset, List<MetricRow> rows, List<MetricPanel> axes,
            Predicate<MetricRow> filter, String name) {
        List<Stat> stats = axes.stream().map(axis -> metric(rows, axis, null, filter)).toList();
        if (stats.stream().allMatch(Objects::isNull)) {
            return false;
        }
        for (int i = 0; i < axes.size(); i++) {
            Stat stat = stats.get(i);
            dataset.addValue(stat == null ? null : stat.mean(), name, axes.get(i).label());
        }
        return true;
    }

    /** The step of a {@code relearn-<k>} phase. */
    public static Optional<Integer> relearnStep(String phase) {
        if (phase == null || !phase.startsWith(RELEARN_PREFIX)) {
            return Optional.empty();
        }
        try {
            int step = Integer.parseInt(phase.substring(RELEARN_PREFIX.length()));
            return step < 0 ? Optional.empty() : Optional.of(step);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The paper's name of a prompt format ("Multiple Choice" for {@code mcq}); others keep their own. */
    public static String formatName(String format) {
        return switch (format) {
            case "standard" -> "Standard";
            case "mcq" -> "Multiple Choice";
            case "qa" -> "Question Answering";
            case "general" -> "General";
            case "paraphrase" -> "Paraphrase";
            default -> format;
        };
    }

    private static Stat metric(List<MetricRow> rows, MetricPanel panel, String chartFormat,
            Predicate<MetricRow> filter) {
        String format = panel.formatOr(chartFormat);
        List<MetricRow> matching = rows.stream()
                .filter(r -> r.format().equals(format) && r.split().equals(panel.split())
                        && r.metric().equals(panel.metric()))
                .filter(filter)
                .toList();
        return Stat.of(matching, MetricRow::seed, r -> panel.shown(r.value()));
    }

    private static NumberAxis unitAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(new Range(0.0, 1.0), true, false);
        axis.setTickUnit(new NumberTickUnit(0.2, new DecimalFormat("0.0")), false, true);
        axis.setAutoRange(false);
        return axis;
    }

    private static JFreeChart lineChart(String title, String xLabel, String yLabel,
            Map<String, TreeMap<Integer, Stat>> curves, boolean noneDashed) {
        YIntervalSeriesCollection dataset = new YIntervalSeriesCollection();
        // Several seeds: a light band of one standard deviation around each line (as matplotlib's fill_between).
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.14f);
        renderer.setLegendLine(new Line2D.Double(-12, 0, 12, 0));
        renderer.setDefaultToolTipGenerator(new StandardXYToolTipGenerator());
        int series = 0;
        for (Map.Entry<String, TreeMap<Integer, Stat>> entry : curves.entrySet()) {
            String method = entry.getKey();
            YIntervalSeries line = new YIntervalSeries(MethodStyle.displayName(method), false, false);
            entry.getValue().forEach((x, stat) -> line.add(x, stat.mean(), stat.low(), stat.high()));
            dataset.addSeries(line);
            boolean none = noneDashed && MethodStyle.NONE.equals(method);
            renderer.setSeriesPaint(series, MethodStyle.color(method));
            renderer.setSeriesFillPaint(series, MethodStyle.color(method));
            renderer.setSeriesStroke(series, none ? DASHED : LINE);
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
        NumberAxis y = unitAxis(yLabel);
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

    /** Mean over seeds of one value (each seed's rows averaged first), its spread, and the number of seeds. */
    record Stat(double mean, double std, int seeds) {

        static <T> Stat of(Collection<T> rows, ToLongFunction<T> seed, ToDoubleFunction<T> value) {
            Map<Long, List<Double>> bySeed = new TreeMap<>();
            for (T row : rows) {
                double v = value.applyAsDouble(row);
                if (Double.isFinite(v)) {
                    bySeed.computeIfAbsent(seed.applyAsLong(row), k -> new ArrayList<>()).add(v);
                }
            }
            if (bySeed.isEmpty()) {
                return null;
            }
            double[] means = bySeed.values().stream()
                    .mapToDouble(vs -> vs.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                    .toArray();
            double mean = Arrays.stream(means).average().orElseThrow();
            double std = 0.0;
            if (means.length > 1) {
                double squares = 0.0;
                for (double m : means) {
                    squares += (m - mean) * (m - mean);
                }
                std = Math.sqrt(squares / (means.length - 1));
            }
            return new Stat(mean, std, means.length);
        }

        /** The standard deviation over seeds, or null for a single seed (no error bar). */
        Double errorOrNull() {
            return seeds > 1 ? std : null;
        }

        double low() {
            return seeds > 1 ? mean - std : mean;
        }

        double high() {
            return seeds > 1 ? mean + std : mean;
        }
    }

    /** Layer numbers, with the embeddings (-1) as "emb". */
    private static final class LayerFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            long rounded = Math.round(number);
            if (Math.abs(number - rounded) > 1e-9) {
                return toAppendTo.append(number);
            }
            return format(rounded, toAppendTo, pos);
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(number == -1 ? "emb" : Long.toString(number));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }
}
