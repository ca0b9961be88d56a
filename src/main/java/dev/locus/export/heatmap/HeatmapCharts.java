package dev.locus.export.heatmap;

import dev.locus.export.FigureTheme;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Rectangle2D;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYAnnotation;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.Range;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Heatmap charts of a localization ({@link Heatmap}s of component scores or of causal tracing's positions), shared by
 * the command line and the workbench: the {@link DivergingScale} symmetric around 0 with a legend, so a component
 * that carries the answer is red and one that works against it blue; a selection can be outlined over the cells it
 * covers.
 */
public final class HeatmapCharts {
    /** The outline of the selection shown. */
    public static final Color SELECTION_OUTLINE = FigureTheme.TEXT;
    /** The outline of the selection compared against it. */
    public static final Color COMPARISON_OUTLINE = new Color(0x2ca02c);

    private static final Stroke SELECTION_STROKE = new BasicStroke(2.6f);
    private static final Stroke COMPARISON_STROKE = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {4f, 3f}, 0f);

    private HeatmapCharts() {
    }

    /** A heatmap chart: the diverging scale symmetric around 0, its legend on the right, layer 0 at the top. */
    public static JFreeChart heatmap(Heatmap grid, String title) {
        double bound = grid.maxAbs();
        DivergingScale scale = new DivergingScale(bound);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        renderer.setBlockAnchor(RectangleAnchor.CENTER);
        renderer.setDefaultToolTipGenerator((dataset, series, item) -> {
            int c = (int) dataset.getXValue(series, item);
            int r = (int) dataset.getYValue(series, item);
            return cellText(grid, r, c);
        });
        SymbolAxis x = new SymbolAxis(grid.xLabel(), grid.columns().toArray(String[]::new));
        SymbolAxis y = new SymbolAxis(grid.yLabel(), grid.rows().toArray(String[]::new));
        for (SymbolAxis axis : List.of(x, y)) {
            axis.setGridBandsVisible(false);
            axis.setAutoRange(false);
        }
        x.setRange(new Range(-0.5, grid.columns().size() - 0.5), true, false);
        y.setRange(new Range(-0.5, grid.rows().size() - 0.5), true, false);
        y.setInverted(true);
        if (grid.columns().stream().mapToInt(String::length).max().orElse(0) > 4) {
            x.setVerticalTickLabels(grid.columns().size() > 8);
        }
        XYPlot plot = new XYPlot(cells(grid), x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        FigureTheme.apply(chart);
        plot.setBackgroundPaint(FigureTheme.GRID);
        chart.addSubtitle(legend(scale, bound, grid.valueLabel()));
        return chart;
    }

    /** The grid's cells that have a value, as x = column, y = row, z = value. */
    private static DefaultXYZDataset cells(Heatmap grid) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        int n = 0;
        for (double[] row : grid.values()) {
            for (double v : row) {
                n += Double.isNaN(v) ? 0 : 1;
            }
        }
        double[][] xyz = new double[3][n];
        int i = 0;
        for (int r = 0; r < grid.rows().size(); r++) {
            for (int c = 0; c < grid.columns().size(); c++) {
                double v = grid.values()[r][c];
                if (!Double.isNaN(v)) {
                    xyz[0][i] = c;
                    xyz[1][i] = r;
                    xyz[2][i] = v;
                    i++;
                }
            }
        }
        data.addSeries("values", xyz);
        return data;
    }

    /** The scale's color strip on the right, with an axis from -bound to bound. */
    private static PaintScaleLegend legend(DivergingScale scale, double bound, String valueLabel) {
        NumberAxis legendAxis = new NumberAxis(valueLabel);
        legendAxis.setRange(-bound, bound);
        legendAxis.setTickLabelFont(FigureTheme.TICK_LABEL_FONT);
        legendAxis.setLabelFont(FigureTheme.AXIS_LABEL_FONT);
        legendAxis.setTickLabelPaint(FigureTheme.TICK_TEXT);
        legendAxis.setLabelPaint(FigureTheme.TEXT);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setStripWidth(14);
        legend.setSubdivisionCount(64);
        legend.setMargin(new RectangleInsets(8, 14, 8, 4));
        legend.setPadding(new RectangleInsets(0, 0, 0, 0));
        legend.setFrame(BlockBorder.NONE);
        legend.setBackgroundPaint(FigureTheme.BACKGROUND);
        return legend;
    }

    /** "L3.H2 = 0.412" for a component's cell, "L3 at subject-last = 0.412" for a position's. */
    public static String cellText(Heatmap grid, int row, int column) {
        if (!grid.inside(row, column)) {
            return "";
        }
        double v = grid.value(row, column);
        String where = grid.id(row, column) != null ? grid.id(row, column)
                : grid.rows().get(row) + " at " + grid.columns().get(column);
        return where + " = " + (Double.isNaN(v) ? "no value" : String.format(Locale.ROOT, "%.4g", v));
    }

    /**
     * Outlines the cells of {@code components} on a heatmap chart of {@code grid}: the selection shown as solid
     * dark boxes, a comparison dashed green inside them. Earlier outlines of the same kind are replaced.
     */
    public static void outline(JFreeChart chart, Heatmap grid, Collection<String> components, boolean comparison) {
        XYPlot plot = chart.getXYPlot();
        Paint paint = comparison ? COMPARISON_OUTLINE : SELECTION_OUTLINE;
        for (Object a : List.copyOf(plot.getAnnotations())) {
            if (a instanceof Outline o && o.comparison == comparison) {
                plot.removeAnnotation((XYAnnotation) a, false);
            }
        }
        // Comparison boxes sit slightly inside the cell so that both outlines show on a shared cell.
        double inset = comparison ? 0.14 : 0.03;
        Set<String> cells = new LinkedHashSet<>();
        for (String id : components == null ? List.<String>of() : components) {
            for (int[] cell : grid.cellsOf(id)) {
                if (cells.add(cell[0] + ":" + cell[1])) {
                    plot.addAnnotation(new Outline(new Rectangle2D.Double(cell[1] - 0.5 + inset, cell[0] - 0.5 + inset,
                            1 - 2 * inset, 1 - 2 * inset), comparison ? COMPARISON_STROKE : SELECTION_STROKE, paint,
                            comparison), false);
                }
            }
        }
        chart.fireChartChanged();
    }

    /** An outline box, told apart from other annotations so that it can be replaced. */
    private static final class Outline extends XYShapeAnnotation {
        private static final long serialVersionUID = 1L;
        private final boolean comparison;

        Outline(Rectangle2D box, Stroke stroke, Paint paint, boolean comparison) {
            super(box, stroke, paint);
            this.comparison = comparison;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(this);
        }
    }
}
