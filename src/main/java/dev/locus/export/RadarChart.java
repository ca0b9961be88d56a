package dev.locus.export;

import dev.locus.experiment.MetricRow;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.util.TableOrder;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The radar chart of an experiment run, drawn from the rows of {@code metrics.csv}: edit accuracy and retained
 * capability after the edit (the paper's accuracies: the answer's probability renormalized over the candidates), one polygon per method ({@link RadarPlot}), each vertex its mean over seeds
 * ({@link SeedStat}), and the unedited model as a dashed polygon.
 */
public final class RadarChart {
    private RadarChart() {
    }

    /** The radar's axes: general capability, edit accuracy, maintain accuracy (held-out facts), MCQ edit accuracy. */
    public static List<MetricPanel> radarAxes() {
        return radarAxes(BeforeAfterBars.GENERAL);
    }

    /** {@link #radarAxes()} with the general-capability axis named {@code general}. */
    public static List<MetricPanel> radarAxes(String general) {
        return List.of(
                new MetricPanel(general, "general", "general", "accuracy", false),
                new MetricPanel("Edit Accuracy", "standard", "forget", "edit_accuracy", false),
                new MetricPanel("Maintain Accuracy", "standard", "maintain", "accuracy", false),
                new MetricPanel("MCQ Edit Accuracy", "mcq", "forget", "edit_accuracy", false));
    }

    /** {@link #radar(List, List)} with {@link #radarAxes()}. */
    public static JFreeChart radar(List<MetricRow> rows) {
        return radar(rows, radarAxes());
    }

    /** {@link #radar(List, List)} with {@link #radarAxes(String)}. */
    public static JFreeChart radar(List<MetricRow> rows, String general) {
        return radar(rows, radarAxes(general));
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
            Predicate<MetricRow> mine = r -> r.method().equals(method) && RunRows.AFTER.equals(r.phase());
            if (addRow(dataset, rows, axes, mine, MethodStyle.displayName(method))) {
                methods.add(method);
            }
        }
        if (addRow(dataset, rows, axes, r -> RunRows.BEFORE.equals(r.phase()),
                MethodStyle.displayName(MethodStyle.NONE))) {
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
        plot.setNoDataMessage("No data yet: the radar appears when a method has finished its edit");
        for (int i = 0; i < methods.size(); i++) {
            String method = methods.get(i);
            Color color = MethodStyle.color(method);
            plot.setSeriesPaint(i, color);
            plot.setSeriesOutlinePaint(i, color);
            plot.setSeriesOutlineStroke(i, MethodStyle.NONE.equals(method) ? SeriesStrokes.DASHED : SeriesStrokes.LINE);
        }
        JFreeChart chart = new JFreeChart("Edit Accuracy and Retained Capability ↑ (mean P(answer) over the candidates)",
                JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        return FigureTheme.apply(chart);
    }

    /** Adds a polygon of the rows filter keeps; false (and nothing added) when they have no value on any axis. */
    private static boolean addRow(DefaultCategoryDataset dataset, List<MetricRow> rows, List<MetricPanel> axes,
            Predicate<MetricRow> filter, String name) {
        List<SeedStat> stats = axes.stream().map(axis -> SeedStat.ofPanel(rows, axis, null, filter)).toList();
        if (stats.stream().allMatch(Objects::isNull)) {
            return false;
        }
        for (int i = 0; i < axes.size(); i++) {
            SeedStat stat = stats.get(i);
            dataset.addValue(stat == null ? null : stat.mean(), name, axes.get(i).label());
        }
        return true;
    }
}
