package dev.locus.export;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Composite;
import java.awt.FontMetrics;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.entity.CategoryItemEntity;
import org.jfree.chart.entity.EntityCollection;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;
import org.jfree.chart.plot.SpiderWebPlot;
import org.jfree.chart.util.TableOrder;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.general.DatasetUtils;

/**
 * A spider web plot with concentric reference polygons (0.25 to 1 of the axis, labelled along the first axis),
 * smooth polygons in floating point coordinates (the base class rounds them to whole pixels, which shows in
 * high-resolution PNGs), and axis labels centred on vertical axes. Values run from 0 at the centre to
 * {@link #getMaxValue()} at the tips.
 */
final class RadarPlot extends SpiderWebPlot {
    private static final long serialVersionUID = 1L;
    private static final double[] RINGS = {0.25, 0.5, 0.75, 1.0};
    private static final double MARKER = 7.0;

    RadarPlot(CategoryDataset dataset) {
        super(dataset);
    }

    /**
     * Without data, the plot's background and its no-data message only: the base class's drawing of an empty web
     * left the plot area black in the window.
     */
    @Override
    public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
        if (!DatasetUtils.isEmptyOrNull(getDataset())) {
            super.draw(g2, area, anchor, parentState, info);
            return;
        }
        Rectangle2D inside = (Rectangle2D) area.clone();
        getInsets().trim(inside);
        if (info != null) {
            info.setPlotArea(inside);
            info.setDataArea(inside);
        }
        g2.setPaint(getBackgroundPaint() == null ? FigureTheme.BACKGROUND : getBackgroundPaint());
        g2.fill(inside);
        drawNoDataMessage(g2, inside);
    }

    private double angle(int cat, int catCount) {
        return getStartAngle() + getDirection().getFactor() * cat * 360.0 / catCount;
    }

    @Override
    protected void drawRadarPoly(Graphics2D g2, Rectangle2D plotArea, Point2D centre, PlotRenderingInfo info,
            int series, int catCount, double headH, double headW) {
        if (series == 0) {
            drawRings(g2, plotArea, catCount);
        }
        drawPolygon(g2, plotArea, info, series, catCount);
        int seriesCount = getDataExtractOrder() == TableOrder.BY_ROW ? getDataset().getRowCount()
                : getDataset().getColumnCount();
        if (series == seriesCount - 1) {
            drawRingLabels(g2, plotArea, catCount);
        }
    }

    private void drawPolygon(Graphics2D g2, Rectangle2D plotArea, PlotRenderingInfo info, int series,
            int catCount) {
        Path2D.Double polygon = new Path2D.Double();
        Point2D[] points = new Point2D[catCount];
        for (int cat = 0; cat < catCount; cat++) {
            Number value = getPlotValue(series, cat);
            if (value == null || !(value.doubleValue() >= 0)) {
                continue;
            }
            double fraction = Math.min(value.doubleValue() / getMaxValue(), 1.0);
            Point2D point = getWebPoint(plotArea, angle(cat, catCount), fraction);
            points[cat] = point;
            if (polygon.getCurrentPoint() == null) {
                polygon.moveTo(point.getX(), point.getY());
            } else {
                polygon.lineTo(point.getX(), point.getY());
            }
        }
        if (polygon.getCurrentPoint() == null) {
            return;
        }
        polygon.closePath();
        Paint paint = getSeriesPaint(series);
        Composite composite = g2.getComposite();
        if (isWebFilled()) {
            g2.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, getWebFillAlpha()));
            g2.setPaint(paint);
            g2.fill(polygon);
            g2.setComposite(composite);
        }
        g2.setPaint(paint);
        g2.setStroke(getSeriesOutlineStroke(series));
        g2.draw(polygon);
        EntityCollection entities = info == null ? null : info.getOwner().getEntityCollection();
        for (int cat = 0; cat < catCount; cat++) {
            Point2D point = points[cat];
            if (point == null) {
                continue;
            }
            Shape head = new Ellipse2D.Double(point.getX() - MARKER / 2, point.getY() - MARKER / 2, MARKER, MARKER);
            g2.setPaint(paint);
            g2.fill(head);
            if (entities != null) {
                CategoryDataset data = getDataset();
                String tip = getToolTipGenerator() == null ? null
                        : getToolTipGenerator().generateToolTip(data, series, cat);
                entities.add(new CategoryItemEntity(head, tip, null, data, data.getRowKey(series),
                        data.getColumnKey(cat)));
            }
        }
    }

    private void drawRings(Graphics2D g2, Rectangle2D plotArea, int catCount) {
        Composite composite = g2.getComposite();
        g2.setComposite(AlphaComposite.SrcOver);
        g2.setPaint(FigureTheme.GRID);
        g2.setStroke(FigureTheme.GRID_STROKE);
        for (double ring : RINGS) {
            Path2D.Double path = new Path2D.Double();
            for (int cat = 0; cat < catCount; cat++) {
                Point2D p = getWebPoint(plotArea, angle(cat, catCount), ring);
                if (cat == 0) {
                    path.moveTo(p.getX(), p.getY());
                } else {
                    path.lineTo(p.getX(), p.getY());
                }
            }
            path.closePath();
            g2.draw(path);
        }
        g2.setComposite(composite);
    }

    /** The rings' values beside the first axis, over the polygons, on a white ground so that they stay legible. */
    private void drawRingLabels(Graphics2D g2, Rectangle2D plotArea, int catCount) {
        Composite composite = g2.getComposite();
        g2.setComposite(AlphaComposite.SrcOver);
        // 11 px beside 14 px axis labels, and larger with them (presentation mode scales the label font)
        Font font = FigureTheme.TICK_LABEL_FONT.deriveFont(getLabelFont().getSize2D() * 11f / 14f);
        g2.setFont(font);
        FontMetrics metrics = g2.getFontMetrics(font);
        for (double ring : RINGS) {
            Point2D p = getWebPoint(plotArea, angle(0, catCount), ring);
            String label = ring == 1.0 ? "1" : Double.toString(ring);
            double x = p.getX() + 5;
            double baseline = p.getY() + metrics.getAscent() / 2.0 - 1;
            g2.setPaint(new Color(255, 255, 255, 210));
            g2.fill(new RoundRectangle2D.Double(x - 2, baseline - metrics.getAscent(),
                    metrics.stringWidth(label) + 4, metrics.getAscent() + metrics.getDescent(), 4, 4));
            g2.setPaint(FigureTheme.TICK_TEXT);
            g2.drawString(label, (float) x, (float) baseline);
        }
        g2.setComposite(composite);
    }

    /** Legend entries as lines in each polygon's stroke (dashed for the unedited model), like the line charts. */
    @Override
    public LegendItemCollection getLegendItems() {
        LegendItemCollection items = super.getLegendItems();
        LegendItemCollection lines = new LegendItemCollection();
        for (int i = 0; i < items.getItemCount(); i++) {
            LegendItem item = items.get(i);
            LegendItem line = new LegendItem(item.getLabel(), item.getDescription(), item.getToolTipText(),
                    item.getURLText(), new Line2D.Double(-12, 0, 12, 0), getSeriesOutlineStroke(item.getSeriesIndex()),
                    item.getFillPaint());
            line.setSeriesKey(item.getSeriesKey());
            line.setSeriesIndex(item.getSeriesIndex());
            line.setDataset(item.getDataset());
            lines.add(line);
        }
        return lines;
    }

    @Override
    protected Point2D calculateLabelLocation(Rectangle2D labelBounds, double ascent, Rectangle2D plotArea,
            double startAngle) {
        Point2D tip = new Arc2D.Double(plotArea, startAngle, 0, Arc2D.OPEN).getEndPoint();
        double dx = tip.getX() - plotArea.getCenterX();
        double dy = tip.getY() - plotArea.getCenterY();
        double x = tip.getX() + dx * getAxisLabelGap();
        double y = tip.getY() + dy * getAxisLabelGap();
        double tolerance = plotArea.getWidth() * 1e-6;
        if (Math.abs(dx) <= tolerance) {
            x -= labelBounds.getWidth() / 2;
        } else if (dx < 0) {
            x -= labelBounds.getWidth();
        }
        if (Math.abs(dy) <= tolerance) {
            y += ascent / 2 - 1;
        } else if (dy > 0) {
            y += ascent;
        }
        return new Point2D.Double(x, y);
    }
}
