package dev.locus.export;

import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.LegendItem;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.CategoryDataset;

/**
 * Draws each value as a line across its whole category, over the bars of that category: the unedited model's value
 * as a reference for a group of bars. The legend shows it as a line.
 */
final class ReferenceLineRenderer extends LineAndShapeRenderer {
    private static final long serialVersionUID = 1L;

    ReferenceLineRenderer() {
        super(true, false);
    }

    @Override
    public LegendItem getLegendItem(int datasetIndex, int series) {
        LegendItem item = super.getLegendItem(datasetIndex, series);
        if (item != null) {
            item.setLine(new Line2D.Double(-12, 0, 12, 0));
        }
        return item;
    }

    @Override
    public int getPassCount() {
        return 1;
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
            CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
        if (!getItemVisible(row, column)) {
            return;
        }
        Number value = dataset.getValue(row, column);
        if (value == null || !Double.isFinite(value.doubleValue())) {
            return;
        }
        // the category's place on the axis, which shows the categories of every dataset of the plot
        List<?> categories = plot.getCategoriesForAxis(domainAxis);
        int index = categories.indexOf(dataset.getColumnKey(column));
        if (index < 0) {
            return;
        }
        RectangleEdge domainEdge = plot.getDomainAxisEdge();
        double start = domainAxis.getCategoryStart(index, categories.size(), dataArea, domainEdge);
        double end = domainAxis.getCategoryEnd(index, categories.size(), dataArea, domainEdge);
        double v = rangeAxis.valueToJava2D(value.doubleValue(), dataArea, plot.getRangeAxisEdge());
        Line2D line = plot.getOrientation() == PlotOrientation.VERTICAL
                ? new Line2D.Double(start, v, end, v) : new Line2D.Double(v, start, v, end);
        g2.setPaint(getItemPaint(row, column));
        g2.setStroke(getItemStroke(row, column));
        g2.draw(line);
    }
}
