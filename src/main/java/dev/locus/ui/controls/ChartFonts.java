package dev.locus.ui.controls;

import java.awt.Font;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainCategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeCategoryPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.SpiderWebPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;

/**
 * Scales every font of a chart at once (title, subtitles and legend, tick labels, radar labels,
 * item labels, the no-data message), but for the axes' names, which must still fit along their axes: presentation
 * mode makes charts readable from the back of a room. Scaling by f and then by 1/f gives the sizes back (to a
 * hundredth of a point).
 */
final class ChartFonts {
    private ChartFonts() {
    }

    /** Multiplies the size of every font of chart by factor (JavaFX thread, or the thread that owns the chart). */
    static void scale(JFreeChart chart, double factor) {
        if (chart == null || factor == 1.0) {
            return;
        }
        if (chart.getTitle() != null) {
            scale(chart.getTitle()::getFont, chart.getTitle()::setFont, factor);
        }
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            scale(chart.getSubtitle(i), factor);
        }
        scale(chart.getPlot(), factor);
    }

    private static void scale(Title title, double factor) {
        if (title instanceof LegendTitle legend) {
            scale(legend::getItemFont, legend::setItemFont, factor);
        } else if (title instanceof TextTitle text) {
            scale(text::getFont, text::setFont, factor);
        } else if (title instanceof PaintScaleLegend scale) {
            scale(scale.getAxis(), factor);
        }
    }

    private static void scale(Plot plot, double factor) {
        if (plot == null) {
            return;
        }
        scale(plot::getNoDataMessageFont, plot::setNoDataMessageFont, factor);
        java.util.List<?> subplots = plot instanceof CombinedDomainCategoryPlot c ? c.getSubplots()
                : plot instanceof CombinedRangeCategoryPlot c ? c.getSubplots()
                : plot instanceof CombinedDomainXYPlot c ? c.getSubplots()
                : plot instanceof CombinedRangeXYPlot c ? c.getSubplots() : java.util.List.of();
        for (Object sub : subplots) {
            scale((Plot) sub, factor);
        }
        if (plot instanceof CategoryPlot category) {
            for (int i = 0; i < category.getDomainAxisCount(); i++) {
                scale(category.getDomainAxis(i), factor);
            }
            for (int i = 0; i < category.getRangeAxisCount(); i++) {
                scale(category.getRangeAxis(i), factor);
            }
            for (int i = 0; i < category.getRendererCount(); i++) {
                CategoryItemRenderer r = category.getRenderer(i);
                if (r != null) {
                    scale(r::getDefaultItemLabelFont, r::setDefaultItemLabelFont, factor);
                }
            }
        } else if (plot instanceof XYPlot xy) {
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                scale(xy.getDomainAxis(i), factor);
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                scale(xy.getRangeAxis(i), factor);
            }
            for (int i = 0; i < xy.getRendererCount(); i++) {
                XYItemRenderer r = xy.getRenderer(i);
                if (r != null) {
                    scale(r::getDefaultItemLabelFont, r::setDefaultItemLabelFont, factor);
                }
            }
        } else if (plot instanceof SpiderWebPlot web) {
            scale(web::getLabelFont, web::setLabelFont, factor);
        }
    }

    private static void scale(Axis axis, double factor) {
        if (axis != null) {
            // The axis's name keeps its size: it is one line along the plot, and the value axes' names ("Accuracy:
            // mean P(answer) over the candidates") already span the height of a chart that fills a 720-pixel window.
            scale(axis::getTickLabelFont, axis::setTickLabelFont, factor);
            if (factor > 1 && axis instanceof CategoryAxis categories && categories.getMaximumCategoryLabelLines() < 2) {
                // a category's name in larger text wraps rather than being cut ("Forget Ac..."); kept once set, since
                // a second line is only taken when one does not fit
                categories.setMaximumCategoryLabelLines(2);
            }
        }
    }

    private static void scale(Supplier<Font> get, Consumer<Font> set, double factor) {
        Font font = get.get();
        if (font != null) {
            float size = (float) (Math.round(font.getSize2D() * factor * 100) / 100.0);
            set.accept(font.deriveFont(size));
        }
    }
}
