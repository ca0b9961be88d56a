package dev.locus.export;

import dev.locus.experiment.MetricRow;
import java.awt.BasicStroke;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryToolTipGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.Range;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The before/after bar charts of an experiment run (Guo et al., 2024, Mechanistic Unlearning, section 7 of the
 * figures), drawn from the rows of {@code metrics.csv}: one group of bars per {@link MetricPanel}, one bar per method
 * after the edit, the unedited model as a dashed line across each group. The command line exports them with
 * {@link FigureExport}; the workbench shows the same charts, in the {@link FigureTheme} look and the
 * {@link MethodStyle} colors.
 *
 * <p>Several seeds: a bar shows the method's mean over seeds ({@link SeedStat}), with an error bar of one standard
 * deviation over seeds when there is more than one seed.
 *
 * <p>Accuracies are the paper's (metric {@code accuracy}: the answer's probability renormalized over the candidates,
 * averaged), and the value axis says so; the argmax share ({@code argmax_accuracy}) is not drawn.
 */
public final class BeforeAfterBars {
    /** The value axis's label: which accuracy the bars show. */
    public static final String ACCURACY_AXIS = "Accuracy: mean P(answer) over the candidates";
    private static final Stroke REFERENCE = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {5f, 3f}, 0f);

    /** The name of a general-capability set that is not MMLU (the bundled one is our own city questions). */
    public static final String GENERAL = "General questions";

    private BeforeAfterBars() {
    }

    /**
     * What to call the general-capability set of a run whose questions file is {@code questionsFile} (a path, {@code
     * demo}, or null): "MMLU" when the file's name says it is MMLU, else {@link #GENERAL}. Labels say what the data
     * is; the paper's MMLU is not what the bundled model is scored on.
     */
    public static String generalName(String questionsFile) {
        if (questionsFile == null) {
            return GENERAL;
        }
        String name = java.nio.file.Path.of(questionsFile).getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.contains("mmlu") ? "MMLU" : GENERAL;
    }

    /**
     * The paper's "Standard" panel: Forget Error (1 - forget accuracy), Maintain Accuracy (on the held-out maintain
     * facts, split {@code maintain}), Edit Accuracy in the chart's format, and general capability (format and split
     * {@code general}) under {@link #GENERAL}.
     */
    public static List<MetricPanel> standardPanels() {
        return standardPanels(GENERAL);
    }

    /** The standard panel with the general-capability bars named for their set ({@link #generalName}). */
    public static List<MetricPanel> standardPanels(String general) {
        return List.of(
                new MetricPanel("Forget Error ↑", null, "forget", "accuracy", true),
                new MetricPanel("Maintain Accuracy ↑", null, "maintain", "accuracy", false),
                new MetricPanel("Edit Accuracy ↑", null, "forget", "edit_accuracy", false),
                new MetricPanel(general + " ↑", "general", "general", "accuracy", false));
    }

    /** The paper's "Multiple Choice" panel: MCQ Forget Error and MCQ Edit Accuracy (format {@code mcq}). */
    public static List<MetricPanel> mcqPanels() {
        return List.of(
                new MetricPanel("MCQ Forget Error ↑", "mcq", "forget", "accuracy", true),
                new MetricPanel("MCQ Edit Accuracy ↑", "mcq", "forget", "edit_accuracy", false));
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
            List<SeedStat> stats = panels.stream()
                    .map(panel -> SeedStat.ofPanel(rows, panel, format,
                            r -> r.method().equals(method) && RunRows.AFTER.equals(r.phase())))
                    .toList();
            if (stats.stream().allMatch(Objects::isNull)) {
                continue;
            }
            methods.add(method);
            for (int i = 0; i < panels.size(); i++) {
                SeedStat stat = stats.get(i);
                after.add(stat == null ? null : stat.mean(), stat == null ? null : stat.errorOrNull(),
                        MethodStyle.displayName(method), panels.get(i).label());
            }
        }
        DefaultCategoryDataset before = new DefaultCategoryDataset();
        for (MetricPanel panel : panels) {
            SeedStat stat = SeedStat.ofPanel(rows, panel, format, r -> RunRows.BEFORE.equals(r.phase()));
            // every panel a column, null where the unedited model has no value, so columns match the bars'
            before.addValue(stat == null ? null : stat.mean(), MethodStyle.displayName(MethodStyle.NONE),
                    panel.label());
        }
        boolean anyBefore = IntStream.range(0, before.getColumnCount()).anyMatch(i -> before.getValue(0, i) != null);
        return FigureTheme.apply(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT,
                plot(after, methods, anyBefore ? before : null), true));
    }

    /** The bars of {@code after} in the methods' colors, and the unedited model's line when before is not null. */
    private static CategoryPlot plot(DefaultStatisticalCategoryDataset after, List<String> methods,
            DefaultCategoryDataset before) {
        CategoryAxis categories = new CategoryAxis(null);
        categories.setCategoryMargin(0.22);
        categories.setLowerMargin(0.03);
        categories.setUpperMargin(0.03);
        categories.setMaximumCategoryLabelLines(2);
        NumberAxis values = unitAxis(ACCURACY_AXIS);
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
        if (before != null) {
            ReferenceLineRenderer reference = new ReferenceLineRenderer();
            reference.setSeriesPaint(0, MethodStyle.NONE_COLOR);
            reference.setSeriesStroke(0, REFERENCE);
            reference.setDefaultToolTipGenerator(new StandardCategoryToolTipGenerator());
            plot.setDataset(1, before);
            plot.setRenderer(1, reference);
            plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        }
        return plot;
    }

    /** A value axis from 0 to 1 with ticks every 0.2, as the bars and the curves of shares use. */
    static NumberAxis unitAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(new Range(0.0, 1.0), true, false);
        axis.setTickUnit(new NumberTickUnit(0.2, new DecimalFormat("0.0")), false, true);
        axis.setAutoRange(false);
        return axis;
    }
}
