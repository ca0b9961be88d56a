package dev.locus.export;

import dev.locus.experiment.MetricRow;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.labels.StandardCategoryToolTipGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The soft-prompt attack's bar chart, as the paper's (src/docs/paper.md §5): per method, with the attack's prompt
 * active, forget accuracy (true answer) and forget accuracy of the injected label on the held-out half, and maintain
 * accuracy. A bar is the mean over every prompt of every seed (rows of phase {@code soft-prompt-<k>}), its error bar one
 * standard deviation over them.
 */
public final class SoftPromptBars {
    /** The phase of each prompt's rows is this prefix and the prompt's number. */
    public static final String PROMPT_PREFIX = "soft-prompt-";

    private SoftPromptBars() {
    }

    /** Whether {@code rows} hold any prompt's rows. */
    public static boolean present(List<MetricRow> rows) {
        return rows.stream().anyMatch(r -> promptOf(r.phase()) > 0);
    }

    /** The panels in {@code format}: maintain reads the held-out maintain split the rows have. */
    public static List<MetricPanel> panels(List<MetricRow> rows, String format) {
        String maintain = rows.stream().filter(r -> promptOf(r.phase()) > 0).map(MetricRow::split)
                .filter(s -> s.startsWith("maintain")).sorted().findFirst().orElse("maintain");
        return List.of(
                new MetricPanel("Forget Accuracy ↓", format, "forget", "accuracy", false),
                new MetricPanel("Forget Acc. (Injected) ↑", format, "forget", "edit_accuracy", false),
                new MetricPanel("Maintain Accuracy ↑", format, maintain, "accuracy", false));
    }

    /** The chart in {@code format} (the edit format, e.g. {@code standard}). */
    public static JFreeChart chart(List<MetricRow> rows, String format) {
        Objects.requireNonNull(rows, "rows");
        List<MetricPanel> panels = panels(rows, format);
        DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
        List<String> methods = new ArrayList<>();
        for (String method : MethodStyle.sorted(rows.stream().map(MetricRow::method).distinct().toList())) {
            List<SeedStat> stats = panels.stream().map(p -> stat(rows, p, method)).toList();
            if (stats.stream().allMatch(Objects::isNull)) {
                continue;
            }
            methods.add(method);
            for (int i = 0; i < panels.size(); i++) {
                SeedStat s = stats.get(i);
                data.add(s == null ? null : s.mean(), s == null ? null : s.errorOrNull(), MethodStyle.displayName(method),
                        panels.get(i).label());
            }
        }
        CategoryAxis categories = new CategoryAxis(null);
        categories.setCategoryMargin(0.22);
        StatisticalBarRenderer bars = new StatisticalBarRenderer();
        bars.setItemMargin(0.04);
        bars.setDefaultLegendShape(new Rectangle2D.Double(-6, -6, 12, 12));
        bars.setDefaultToolTipGenerator(new StandardCategoryToolTipGenerator());
        for (int i = 0; i < methods.size(); i++) {
            bars.setSeriesPaint(i, MethodStyle.color(methods.get(i)));
        }
        CategoryPlot plot = new CategoryPlot(data, categories, BeforeAfterBars.unitAxis(null), bars);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(true);
        return FigureTheme.apply(new JFreeChart("Soft-prompt attack (" + RunRows.formatName(format) + ")",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** Mean and spread over every (seed, prompt) of a method: each is a sample of the attack. */
    private static SeedStat stat(List<MetricRow> rows, MetricPanel p, String method) {
        List<MetricRow> matching = rows.stream().filter(r -> r.method().equals(method) && promptOf(r.phase()) > 0
                && r.format().equals(p.format()) && r.split().equals(p.split()) && r.metric().equals(p.metric())).toList();
        return SeedStat.of(matching, r -> r.seed() * 100_000 + promptOf(r.phase()), r -> p.shown(r.value()));
    }

    /** The prompt number of a {@code soft-prompt-<k>} phase, or 0. */
    static int promptOf(String phase) {
        if (!phase.startsWith(PROMPT_PREFIX)) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(phase.substring(PROMPT_PREFIX.length())));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
