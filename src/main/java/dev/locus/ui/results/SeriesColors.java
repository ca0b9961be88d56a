package dev.locus.ui.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.SpiderWebPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;

/**
 * Colors the series of two compared runs: the chart factories color by method name, and a compared run's methods are
 * renamed ("B · Fact Lookup"), so they would all come out grey. Each series gets its method's color (run B's
 * lighter, and its lines dashed) by the series' name.
 */
final class SeriesColors {
    private static final BasicStroke DASHED = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {6f, 4f}, 0f);

    private SeriesColors() {
    }

    /** The color mixed halfway with white. */
    static Color lighter(Color c) {
        return new Color((c.getRed() + 255) / 2, (c.getGreen() + 255) / 2, (c.getBlue() + 255) / 2);
    }

    /** Sets each named series' paint (the rest keep theirs) and adds note as a subtitle. */
    static void apply(JFreeChart chart, Map<String, Color> colors, String note) {
        Plot plot = chart.getPlot();
        if (plot instanceof CategoryPlot p && p.getDataset() != null) {
            CategoryDataset d = p.getDataset();
            for (int i = 0; i < d.getRowCount(); i++) {
                Color c = colors.get(String.valueOf(d.getRowKey(i)));
                if (c != null) {
                    p.getRenderer().setSeriesPaint(i, c);
                }
            }
        } else if (plot instanceof XYPlot p && p.getDataset() != null) {
            XYDataset d = p.getDataset();
            for (int i = 0; i < d.getSeriesCount(); i++) {
                String key = String.valueOf(d.getSeriesKey(i));
                Color c = colors.get(key);
                if (c != null) {
                    p.getRenderer().setSeriesPaint(i, c);
                    p.getRenderer().setSeriesFillPaint(i, c);
                    if (key.startsWith("B · ")) {
                        p.getRenderer().setSeriesStroke(i, DASHED);
                    }
                }
            }
        } else if (plot instanceof SpiderWebPlot p && p.getDataset() != null) {
            CategoryDataset d = p.getDataset();
            for (int i = 0; i < d.getRowCount(); i++) {
                Color c = colors.get(String.valueOf(d.getRowKey(i)));
                if (c != null) {
                    p.setSeriesPaint(i, c);
                    p.setSeriesOutlinePaint(i, c);
                }
            }
        }
        TextTitle sub = new TextTitle(note, dev.locus.export.FigureTheme.LEGEND_FONT);
        sub.setPaint(dev.locus.export.FigureTheme.TEXT);
        chart.addSubtitle(0, sub);
    }
}
