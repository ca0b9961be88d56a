package dev.locus.sweep;

import dev.locus.experiment.ParameterSweep;
import dev.locus.export.FigureExport;
import dev.locus.export.FigureTheme;
import dev.locus.export.MethodStyle;
import java.awt.BasicStroke;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A trial sweep across its runs: per method (and forget coefficient, when the sweep has several), forget accuracy
 * (solid) and held-out maintain accuracy (dashed) in the edit format against the learning rate, the maintain floor
 * as a grey line: what the choice in {@code sweep.json} was made from.
 */
public final class SweepFigure {
    private static final BasicStroke SOLID = new BasicStroke(2.0f);
    private static final BasicStroke DASHED = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f);

    private SweepFigure() {
    }

    public static JFreeChart chart(List<ParameterSweep.Trial> trials, double maintainFloor) {
        boolean coefs = trials.stream().map(ParameterSweep.Trial::forgetCoef).distinct().count() > 1;
        // the rates as evenly spaced, labelled ticks: a sweep's grid is usually logarithmic and always short
        List<Double> rates = trials.stream().map(ParameterSweep.Trial::lr).distinct().sorted().toList();
        Map<String, XYSeries[]> lines = new LinkedHashMap<>();
        for (String method : MethodStyle.sorted(trials.stream().map(ParameterSweep.Trial::method).distinct().toList())) {
            for (ParameterSweep.Trial t : trials) {
                if (!t.method().equals(method)) {
                    continue;
                }
                String name = MethodStyle.displayName(method)
                        + (coefs ? String.format(Locale.ROOT, " (coef %s)", t.forgetCoef()) : "");
                XYSeries[] pair = lines.computeIfAbsent(method + "|" + t.forgetCoef(), k -> new XYSeries[] {
                        new XYSeries(name + " forget", true, false), new XYSeries(name + " maintain", true, false)});
                pair[0].add(rates.indexOf(t.lr()), t.forget());
                pair[1].add(rates.indexOf(t.lr()), t.maintain());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (Map.Entry<String, XYSeries[]> e : lines.entrySet()) {
            String method = e.getKey().substring(0, e.getKey().indexOf('|'));
            for (int k = 0; k < 2; k++) {
                data.addSeries(e.getValue()[k]);
                renderer.setSeriesPaint(i, MethodStyle.color(method));
                renderer.setSeriesShape(i, MethodStyle.shape(method));
                renderer.setSeriesStroke(i, k == 0 ? SOLID : DASHED);
                i++;
            }
        }
        SymbolAxis x = new SymbolAxis("Learning rate", rates.stream()
                .map(r -> String.format(Locale.ROOT, "%.0e", r)).toArray(String[]::new));
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis("Accuracy in the edit format");
        y.setRange(0.0, 1.02);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.addRangeMarker(new org.jfree.chart.plot.ValueMarker(maintainFloor, java.awt.Color.GRAY, DASHED));
        return FigureTheme.apply(new JFreeChart("Sweep: forget (solid, lower is better) and maintain (dashed) accuracy",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true));
    }

    /** {@code sweep.png}, {@code .svg} and {@code .pdf} into {@code dir}. */
    public static void write(Path dir, List<ParameterSweep.Trial> trials, double maintainFloor) {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        FigureExport.writeAll(chart(trials, maintainFloor), dir, "sweep", 1100, 700, 150);
    }
}
