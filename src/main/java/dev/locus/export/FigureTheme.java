package dev.locus.export;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.SpiderWebPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The one look of exported figures: white background, light solid grid, dark text in a sans-serif font (14 px axis
 * labels), legend without a frame at the bottom, flat bars without shadows. Fixed colors, so a figure looks the
 * same on every machine and in every theme of the workbench. {@link #apply} works on any chart and leaves series
 * colors alone.
 */
public final class FigureTheme {
    /** The sans-serif family of every text (a logical font: DejaVu Sans on Linux, Arial on Windows). */
    public static final String FONT_FAMILY = Font.SANS_SERIF;
    public static final Font TITLE_FONT = new Font(FONT_FAMILY, Font.BOLD, 17);
    public static final Font AXIS_LABEL_FONT = new Font(FONT_FAMILY, Font.PLAIN, 14);
    public static final Font TICK_LABEL_FONT = new Font(FONT_FAMILY, Font.PLAIN, 13);
    public static final Font LEGEND_FONT = new Font(FONT_FAMILY, Font.PLAIN, 13);

    public static final Color BACKGROUND = Color.WHITE;
    public static final Color TEXT = new Color(0x222222);
    public static final Color TICK_TEXT = new Color(0x444444);
    public static final Color GRID = new Color(0xe3e3e3);
    public static final Color AXIS_LINE = new Color(0x9a9a9a);
    /** Error bars and reference lines. */
    public static final Color ERROR_BAR = new Color(0x333333);

    public static final Stroke GRID_STROKE = new BasicStroke(0.8f);
    public static final Stroke AXIS_STROKE = new BasicStroke(1.0f);

    private FigureTheme() {
    }

    /** Applies the look to chart (title, legend, plot, axes, renderers) and returns it. */
    public static JFreeChart apply(JFreeChart chart) {
        chart.setBackgroundPaint(BACKGROUND);
        chart.setBorderVisible(false);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 12));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(TITLE_FONT);
            title.setPaint(TEXT);
            title.setPadding(new RectangleInsets(2, 2, 10, 2));
        }
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            applyTo(chart.getSubtitle(i));
        }
        applyTo(chart.getPlot());
        return chart;
    }

    private static void applyTo(Title subtitle) {
        if (subtitle instanceof LegendTitle legend) {
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setHorizontalAlignment(HorizontalAlignment.CENTER);
            legend.setItemFont(LEGEND_FONT);
            legend.setItemPaint(TEXT);
            legend.setBackgroundPaint(BACKGROUND);
            legend.setFrame(BlockBorder.NONE);
            legend.setPadding(new RectangleInsets(10, 4, 2, 4));
            legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 12));
        } else if (subtitle instanceof TextTitle text) {
            text.setFont(AXIS_LABEL_FONT);
            text.setPaint(TICK_TEXT);
        }
    }

    private static void applyTo(Plot plot) {
        if (plot == null) {
            return;
        }
        plot.setBackgroundPaint(BACKGROUND);
        plot.setOutlineVisible(false);
        plot.setNoDataMessageFont(AXIS_LABEL_FONT);
        plot.setNoDataMessagePaint(TICK_TEXT);
        if (plot instanceof CategoryPlot category) {
            applyGrid(category.isDomainGridlinesVisible(), category.isRangeGridlinesVisible(),
                    category::setDomainGridlinePaint, category::setRangeGridlinePaint);
            category.setDomainGridlineStroke(GRID_STROKE);
            category.setRangeGridlineStroke(GRID_STROKE);
            category.setAxisOffset(RectangleInsets.ZERO_INSETS);
            for (int i = 0; i < category.getDomainAxisCount(); i++) {
                applyTo(category.getDomainAxis(i));
            }
            for (int i = 0; i < category.getRangeAxisCount(); i++) {
                applyTo(category.getRangeAxis(i));
            }
            for (int i = 0; i < category.getRendererCount(); i++) {
                applyTo(category.getRenderer(i));
            }
        } else if (plot instanceof XYPlot xy) {
            applyGrid(xy.isDomainGridlinesVisible(), xy.isRangeGridlinesVisible(),
                    xy::setDomainGridlinePaint, xy::setRangeGridlinePaint);
            xy.setDomainGridlineStroke(GRID_STROKE);
            xy.setRangeGridlineStroke(GRID_STROKE);
            xy.setAxisOffset(RectangleInsets.ZERO_INSETS);
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                applyTo(xy.getDomainAxis(i));
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                applyTo(xy.getRangeAxis(i));
            }
            for (int i = 0; i < xy.getRendererCount(); i++) {
                applyTo(xy.getRenderer(i));
            }
        } else if (plot instanceof SpiderWebPlot spider) {
            spider.setLabelFont(AXIS_LABEL_FONT);
            spider.setLabelPaint(TEXT);
            spider.setAxisLinePaint(AXIS_LINE);
            spider.setAxisLineStroke(AXIS_STROKE);
        }
    }

    private static void applyGrid(boolean domain, boolean range, java.util.function.Consumer<Paint> domainPaint,
            java.util.function.Consumer<Paint> rangePaint) {
        if (domain) {
            domainPaint.accept(GRID);
        }
        if (range) {
            rangePaint.accept(GRID);
        }
    }

    private static void applyTo(Axis axis) {
        if (axis == null) {
            return;
        }
        axis.setLabelFont(AXIS_LABEL_FONT);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelFont(TICK_LABEL_FONT);
        axis.setTickLabelPaint(TICK_TEXT);
        axis.setAxisLinePaint(AXIS_LINE);
        axis.setAxisLineStroke(AXIS_STROKE);
        axis.setTickMarkPaint(AXIS_LINE);
        axis.setTickMarkInsideLength(0f);
        axis.setTickMarkOutsideLength(4f);
        if (axis instanceof CategoryAxis category) {
            category.setTickMarksVisible(false);
        } else if (axis instanceof ValueAxis) {
            axis.setTickMarksVisible(true);
        }
    }

    private static void applyTo(CategoryItemRenderer renderer) {
        if (renderer instanceof BarRenderer bars) {
            bars.setBarPainter(new StandardBarPainter());
            bars.setShadowVisible(false);
            bars.setDrawBarOutline(false);
        }
        if (renderer instanceof StatisticalBarRenderer statistical) {
            statistical.setErrorIndicatorPaint(ERROR_BAR);
            statistical.setErrorIndicatorStroke(new BasicStroke(1.2f));
        }
        if (renderer != null) {
            renderer.setDefaultItemLabelFont(TICK_LABEL_FONT);
            renderer.setDefaultItemLabelPaint(TEXT);
        }
    }

    private static void applyTo(XYItemRenderer renderer) {
        if (renderer != null) {
            renderer.setDefaultItemLabelFont(TICK_LABEL_FONT);
            renderer.setDefaultItemLabelPaint(TEXT);
        }
    }
}
