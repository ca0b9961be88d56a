package dev.locus.ui.localize;

import dev.locus.export.heatmap.Heatmap;
import dev.locus.export.heatmap.HeatmapCharts;
import dev.locus.ui.controls.ChartPane;
import dev.locus.ui.session.WorkbenchContext;
import java.awt.geom.Rectangle2D;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.fx.ChartCanvas;
import org.jfree.chart.fx.interaction.PanHandlerFX;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;

/**
 * A heatmap ({@link HeatmapCharts#heatmap}) that answers the mouse: hovering names the cell and its exact value
 * in the line below, a click on a component's cell and a dragged rectangle (shift: add) are handed to the owner, the
 * mouse wheel and the buttons zoom, ctrl-drag pans. Selections are drawn over it as outlines.
 *
 * <p>The viewer's own drag-to-zoom is removed, since dragging selects here.
 */
public final class HeatmapView extends VBox {
    private final ChartPane chart;
    private final Label hover = new Label(" ");
    private Heatmap grid;
    private Consumer<String> onCellClicked = id -> { };
    private BiConsumer<List<String>, Boolean> onRectangle = (ids, add) -> { };
    private double[] pressed;
    private boolean dragged;
    private Collection<String> selected = List.of();
    private Collection<String> compared = List.of();

    public HeatmapView(WorkbenchContext ctx, Heatmap grid, JFreeChart heatmap, String baseName) {
        this.grid = grid;
        this.chart = new ChartPane(ctx, heatmap, baseName);
        ChartCanvas canvas = chart.viewer().getCanvas();
        canvas.removeMouseHandler(canvas.getMouseHandler("zoom"));
        // Pan with ctrl-drag: alt-drag (the default) moves the window on many Linux desktops.
        canvas.removeMouseHandler(canvas.getMouseHandler("pan"));
        canvas.addMouseHandler(new PanHandlerFX("pan", false, true, false, false));
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover.setText(describe(e.getX(), e.getY())));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover.setText(hint()));
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            pressed = e.getButton() == MouseButton.PRIMARY && !e.isControlDown() ? new double[] {e.getX(), e.getY()} : null;
            dragged = false;
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (pressed != null && Math.hypot(e.getX() - pressed[0], e.getY() - pressed[1]) > 4) {
                dragged = true;
                double x = Math.min(pressed[0], e.getX());
                double y = Math.min(pressed[1], e.getY());
                chart.viewer().showZoomRectangle(x, y, Math.abs(e.getX() - pressed[0]), Math.abs(e.getY() - pressed[1]));
            }
        });
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            if (pressed == null) {
                return;
            }
            chart.viewer().hideZoomRectangle();
            if (dragged) {
                int[] a = cellAt(pressed[0], pressed[1]);
                int[] b = cellAt(e.getX(), e.getY());
                if (a != null && b != null) {
                    List<String> ids = this.grid.idsBetween(a[0], a[1], b[0], b[1]);
                    if (!ids.isEmpty()) {
                        onRectangle.accept(ids, e.isShiftDown());
                    }
                }
            } else {
                int[] cell = cellAt(e.getX(), e.getY());
                String id = cell == null ? null : this.grid.id(cell[0], cell[1]);
                if (id != null) {
                    onCellClicked.accept(id);
                }
            }
            pressed = null;
        });
        canvas.addEventHandler(ScrollEvent.SCROLL, e -> hover.setText(describe(e.getX(), e.getY())));

        Button in = button("+", "Zoom in (or turn the mouse wheel over the heatmap)", () -> zoom(0.5));
        Button out = button("\u2212", "Zoom out", () -> zoom(2));
        Button reset = button("Fit", "Show every cell again", this::resetZoom);
        hover.getStyleClass().addAll("hint", "mono");
        hover.setText(hint());
        hover.setMaxWidth(Double.MAX_VALUE);
        hover.setWrapText(true); // whole with larger text too (presentation mode), on a second line if need be
        hover.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        hover.setTooltip(new Tooltip("The cell under the mouse and its exact value"));
        HBox.setHgrow(hover, Priority.ALWAYS);
        HBox bar = new HBox(6, hover, in, out, reset);
        bar.setAlignment(Pos.CENTER_LEFT);
        VBox.setVgrow(chart, Priority.ALWAYS);
        setSpacing(4);
        getChildren().addAll(chart, bar);
        setMinHeight(Region.USE_PREF_SIZE);
    }

    private static Button button(String text, String tip, Runnable action) {
        Button b = new Button(text);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the hint beside wraps first
        return b;
    }

    private String hint() {
        boolean components = grid != null && grid.ids().length > 0 && grid.ids()[0].length > 0
                && grid.ids()[0][0] != null;
        return components ? "Hover for values; click a cell to add or remove it, drag to select a block (shift adds)"
                : "Hover a cell for its exact value; mouse wheel zooms, ctrl-drag pans";
    }

    /** Shows another heatmap; the outlines are drawn again on it. */
    public void setHeatmap(Heatmap newGrid, JFreeChart heatmap, String baseName) {
        this.grid = newGrid;
        chart.setChart(heatmap, baseName);
        redrawOutlines();
        hover.setText(hint());
    }

    public Heatmap heatmap() {
        return grid;
    }

    public ChartPane chartPane() {
        return chart;
    }

    /** What a click on a component's cell does (its id). */
    public void setOnCellClicked(Consumer<String> action) {
        this.onCellClicked = action;
    }

    /** What a dragged rectangle does (the ids of its cells, and whether shift was down to add). */
    public void setOnRectangle(BiConsumer<List<String>, Boolean> action) {
        this.onRectangle = action;
    }

    /** Outlines the shown selection (solid) and the compared one (dashed); null for none. */
    public void setOutlines(Collection<String> selection, Collection<String> comparison) {
        this.selected = selection == null ? List.of() : selection;
        this.compared = comparison == null ? List.of() : comparison;
        redrawOutlines();
    }

    private void redrawOutlines() {
        HeatmapCharts.outline(chart.chart(), grid, selected, false);
        HeatmapCharts.outline(chart.chart(), grid, compared, true);
    }

    /** The hover line for a point of the canvas. */
    String describe(double x, double y) {
        int[] cell = cellAt(x, y);
        return cell == null ? hint() : HeatmapCharts.cellText(grid, cell[0], cell[1]);
    }

    /** The {row, column} of the cell under a point of the canvas, or null outside the cells. */
    int[] cellAt(double x, double y) {
        if (chart.viewer().getRenderingInfo() == null) {
            return null;
        }
        Rectangle2D area = chart.viewer().getRenderingInfo().getPlotInfo().getDataArea();
        if (!area.contains(x, y)) {
            return null;
        }
        XYPlot plot = chart.chart().getXYPlot();
        double column = plot.getDomainAxis().java2DToValue(x, area, RectangleEdge.BOTTOM);
        double row = plot.getRangeAxis().java2DToValue(y, area, RectangleEdge.LEFT);
        int r = (int) Math.round(row);
        int c = (int) Math.round(column);
        return grid.inside(r, c) ? new int[] {r, c} : null;
    }

    /** Zooms both axes around their centers by {@code factor} (below 1: in), never past the whole grid. */
    public void zoom(double factor) {
        XYPlot plot = chart.chart().getXYPlot();
        zoomAxis(plot.getDomainAxis(), grid.columns().size(), factor);
        zoomAxis(plot.getRangeAxis(), grid.rows().size(), factor);
    }

    private static void zoomAxis(ValueAxis axis, int cells, double factor) {
        Range r = axis.getRange();
        double length = Math.max(2, Math.min(cells, r.getLength() * factor));
        double center = Math.max(-0.5 + length / 2, Math.min(cells - 0.5 - length / 2, r.getCentralValue()));
        axis.setRange(center - length / 2, center + length / 2);
    }

    /** Shows every cell. */
    public void resetZoom() {
        XYPlot plot = chart.chart().getXYPlot();
        plot.getDomainAxis().setRange(-0.5, grid.columns().size() - 0.5);
        plot.getRangeAxis().setRange(-0.5, grid.rows().size() - 0.5);
    }
}
