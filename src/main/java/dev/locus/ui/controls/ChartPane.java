package dev.locus.ui.controls;

import dev.locus.ui.session.WorkbenchContext;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/**
 * A JFreeChart in the window, with "Export figure..." (PNG at a chosen size and DPI, SVG, PDF) on its context menu.
 * Every chart of the workbench sits in one, so every chart can be exported the same way.
 */
public class ChartPane extends StackPane {
    private final ChartViewer viewer;
    private final WorkbenchContext ctx;
    private String baseName;

    public ChartPane(WorkbenchContext ctx, JFreeChart chart, String baseName) {
        this.ctx = ctx;
        this.baseName = baseName;
        this.viewer = new ChartViewer(chart);
        viewer.getStyleClass().add("chart");
        MenuItem export = new MenuItem("Export figure...");
        export.setOnAction(e -> exportFigure());
        // The viewer's own menu exports at screen size only; ours asks for size, DPI and format.
        viewer.getContextMenu().getItems().setAll(export);
        Tooltip.install(viewer, new Tooltip("Right-click to export this figure as PNG, SVG or PDF"));
        getChildren().add(viewer);
        setMinSize(200, 150);
    }

    public ChartViewer viewer() {
        return viewer;
    }

    public JFreeChart chart() {
        return viewer.getChart();
    }

    /** Shows another chart (JavaFX thread). */
    public void setChart(JFreeChart chart, String newBaseName) {
        viewer.setChart(chart);
        this.baseName = newBaseName;
    }

    /** Opens the export dialog for the chart shown. */
    public void exportFigure() {
        ExportFigureDialog.show(ctx, chart(), baseName);
    }
}
