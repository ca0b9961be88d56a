package dev.locus.ui.controls;

import dev.locus.ui.session.WorkbenchContext;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/**
 * A JFreeChart in the window, with "Export figure..." (PNG at a chosen size and DPI, SVG, PDF) on its context menu,
 * and under it the chart's one-line caption with a "?" whose tooltip says how to read it ({@link ChartCaptions}, by
 * the chart's kind, which its file name starts with). While the session is in presentation mode the chart's fonts are
 * {@value #PRESENTATION_SCALE} times larger. Every chart of the workbench sits in one, so every chart is exported,
 * explained and enlarged the same way.
 */
public class ChartPane extends StackPane {
    /** How much larger a chart's text is in presentation mode. */
    public static final double PRESENTATION_SCALE = 1.5;

    private final ChartViewer viewer;
    private final WorkbenchContext ctx;
    private final Label caption = new Label();
    private final Tooltip help = new Tooltip();
    private final HBox captionRow;
    private final BooleanProperty presentation;
    private final InvalidationListener presentationChanged = o -> rescale();
    private String baseName;
    private String captionKey;
    /** The factor the shown chart's fonts are scaled by now. */
    private double applied = 1.0;

    public ChartPane(WorkbenchContext ctx, JFreeChart chart, String baseName) {
        this.ctx = ctx;
        this.viewer = new ChartViewer(chart);
        viewer.getStyleClass().add("chart");
        MenuItem export = new MenuItem("Export figure...");
        export.setOnAction(e -> exportFigure());
        // The viewer's own menu exports at screen size only; ours asks for size, DPI and format.
        viewer.getContextMenu().getItems().setAll(export);
        Tooltip.install(viewer, new Tooltip("Right-click to export this figure as PNG, SVG or PDF"));
        caption.getStyleClass().addAll("hint", "chart-caption");
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE); // a narrow pane wraps the caption, never cuts it
        Label helpIcon = new Label("?");
        helpIcon.getStyleClass().add("chart-help");
        helpIcon.setMinWidth(Region.USE_PREF_SIZE);
        help.setWrapText(true);
        help.setMaxWidth(460);
        help.setShowDelay(Duration.millis(150));
        help.setShowDuration(Duration.INDEFINITE);
        helpIcon.setTooltip(help);
        HBox.setHgrow(caption, Priority.ALWAYS);
        caption.setMaxWidth(Double.MAX_VALUE);
        captionRow = new HBox(6, caption, helpIcon);
        captionRow.setAlignment(Pos.TOP_LEFT);
        captionRow.getStyleClass().add("chart-caption-row");
        VBox.setVgrow(viewer, Priority.ALWAYS);
        VBox box = new VBox(4, viewer, captionRow);
        getChildren().add(box);
        getStyleClass().add("chart-pane");
        setMinSize(200, 150);
        setBaseName(baseName);
        presentation = ctx == null ? null : ctx.session().presentation;
        if (presentation != null) {
            presentation.addListener(new WeakInvalidationListener(presentationChanged));
        }
        rescale();
    }

    public ChartViewer viewer() {
        return viewer;
    }

    public JFreeChart chart() {
        return viewer.getChart();
    }

    /** The kind of chart shown ({@link ChartCaptions#keyOf} its file name), or null when it has no caption. */
    public String captionKey() {
        return captionKey;
    }

    /** The caption under the chart, or null when it has none. */
    public String caption() {
        ChartCaptions.Caption c = ChartCaptions.of(captionKey);
        return c == null ? null : c.caption();
    }

    /** The label of the caption (for tests and layouts that size around it). */
    public Label captionLabel() {
        return caption;
    }

    /** Shows another chart (JavaFX thread), in presentation mode with its fonts enlarged as the one before. */
    public void setChart(JFreeChart chart, String newBaseName) {
        if (chart != chart()) {
            ChartFonts.scale(chart(), 1.0 / applied); // the chart leaving gets its sizes back
            applied = 1.0; // and the new one comes at its own
        }
        viewer.setChart(chart);
        setBaseName(newBaseName);
        rescale();
    }

    /** Opens the export dialog for the chart shown (its fonts as exported figures have them, whatever the mode). */
    public void exportFigure() {
        JFreeChart copy = copyAtFigureSize(chart());
        ExportFigureDialog.show(ctx, copy, baseName, caption());
    }

    private void setBaseName(String name) {
        this.baseName = name;
        this.captionKey = ChartCaptions.keyOf(name);
        // every chart of the workbench says what it shows: a test run (assertions on) fails on one that does not
        assert captionKey != null : "no caption for chart '" + name + "': add one to ChartCaptions";
        ChartCaptions.Caption c = ChartCaptions.of(captionKey);
        caption.setText(c == null ? "" : c.caption());
        help.setText(c == null ? "" : c.help());
        captionRow.setVisible(c != null);
        captionRow.setManaged(c != null);
    }

    /** Scales the shown chart's fonts to the mode: enlarged while presenting, as made otherwise. */
    private void rescale() {
        double want = presentation != null && presentation.get() ? PRESENTATION_SCALE : 1.0;
        if (want != applied) {
            ChartFonts.scale(chart(), want / applied);
            applied = want;
        }
    }

    /** A copy of chart with the fonts it has outside presentation mode, for the export dialog. */
    private JFreeChart copyAtFigureSize(JFreeChart chart) {
        if (applied == 1.0 || chart == null) {
            return chart;
        }
        try {
            JFreeChart copy = (JFreeChart) chart.clone();
            ChartFonts.scale(copy, 1.0 / applied);
            return copy;
        } catch (CloneNotSupportedException e) {
            return chart;
        }
    }
}
