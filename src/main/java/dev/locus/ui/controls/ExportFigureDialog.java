package dev.locus.ui.controls;

import dev.locus.experiment.config.FigureSettings;
import dev.locus.export.FigureExport;
import dev.locus.ui.session.WorkbenchContext;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import org.jfree.chart.JFreeChart;

/**
 * Exports one chart: format (PNG, SVG, PDF), size in layout pixels, DPI for PNG, and the file. The settings are a
 * {@link FigureExportRequest}; the file is written off the JavaFX thread, and the dialog remembers the last choices.
 */
public final class ExportFigureDialog {
    private static FigureExportRequest last = new FigureExportRequest(FigureExportRequest.Format.PNG,
            FigureSettings.DEFAULTS.width(), FigureSettings.DEFAULTS.height(), 300, null);
    private static Path lastFolder;

    private ExportFigureDialog() {
    }

    static void show(WorkbenchContext ctx, JFreeChart chart, String baseName, String caption) {
        show(ctx, () -> copyOf(chart)::draw, baseName, caption);
    }

    /**
     * Exports any drawing (a circuit graph) as a chart is exported; {@code snapshot} gives, on the JavaFX thread, a
     * drawing that is safe to draw on the file thread while the window goes on.
     */
    public static void show(WorkbenchContext ctx, Supplier<FigureExport.Drawing> snapshot, String baseName) {
        show(ctx, snapshot, baseName, null);
    }

    /**
     * As {@link #show(WorkbenchContext, Supplier, String)}, offering to write {@code caption} (the chart's one line
     * of what it shows; null for none) under the figure.
     */
    public static void show(WorkbenchContext ctx, Supplier<FigureExport.Drawing> snapshot, String baseName,
            String caption) {
        Dialog<FigureExportRequest> dialog = new Dialog<>();
        dialog.setTitle("Export figure");
        dialog.setHeaderText("Export \"" + baseName + "\" as a figure file");
        if (ctx.owner().get() != null) {
            dialog.initOwner(ctx.owner().get());
        }
        ChoiceBox<FigureExportRequest.Format> format = new ChoiceBox<>();
        format.getItems().setAll(FigureExportRequest.Format.values());
        format.setValue(last.format());
        format.setTooltip(new Tooltip("PNG for slides and documents; SVG and PDF stay sharp at any size"));
        Spinner<Integer> width = Spinners.of(FigureExportRequest.MIN_SIZE, FigureExportRequest.MAX_SIZE, last.width(), 50,
                "Width the chart is laid out at, in pixels (1/96 inch); text keeps its size");
        width.setPrefWidth(110);
        Spinner<Integer> height = Spinners.of(FigureExportRequest.MIN_SIZE, FigureExportRequest.MAX_SIZE, last.height(), 50,
                "Height the chart is laid out at, in pixels (1/96 inch)");
        height.setPrefWidth(110);
        Spinner<Integer> dpi = Spinners.of(FigureExportRequest.MIN_DPI, FigureExportRequest.MAX_DPI, last.dpi(), 24,
                "PNG resolution: 300 DPI makes a print-quality image of the same layout");
        dpi.setPrefWidth(110);
        dpi.disableProperty().bind(format.valueProperty().isNotEqualTo(FigureExportRequest.Format.PNG));
        Path folder = lastFolder != null ? lastFolder : Path.of(System.getProperty("user.home"));
        TextField file = new TextField(folder.resolve(baseName + "." + format.getValue().extension()).toString());
        file.setTooltip(new Tooltip("The file to write; the extension follows the format"));
        file.setPrefColumnCount(32);
        format.valueProperty().addListener((o, old, f) -> file.setText(withExtension(file.getText(), f)));
        Button browse = new Button("Browse...");
        browse.setTooltip(new Tooltip("Choose where to save the figure"));
        browse.setOnAction(e -> {
            Path current = Path.of(file.getText());
            FigureExportRequest.Format f = format.getValue();
            FileChooser chooser = FileChoosers.files("Export figure", current.getParent(),
                    FileChoosers.filter(f.description(), "*." + f.extension()));
            chooser.setInitialFileName(current.getFileName().toString());
            File chosen = chooser.showSaveDialog(dialog.getDialogPane().getScene().getWindow());
            if (chosen != null) {
                file.setText(withExtension(chosen.toString(), f));
            }
        });
        CheckBox withCaption = new CheckBox("Add the caption under the figure");
        withCaption.setSelected(caption != null && last.caption() != null);
        withCaption.setTooltip(new Tooltip(caption == null ? "This figure has no caption"
                : "Writes under the figure: \"" + caption + "\"; the figure grows by the caption's height"));
        withCaption.setDisable(caption == null);
        Supplier<FigureExportRequest> request = () -> request(format, width, height, dpi, file)
                .withCaption(withCaption.isSelected() ? caption : null);
        Label summary = new Label();
        summary.getStyleClass().add("hint");
        Runnable describe = () -> {
            FigureExportRequest r = request.get();
            String problem = r.problem();
            summary.setText(problem != null ? problem : r.describe());
        };
        for (var p : java.util.List.of(format.valueProperty(), width.valueProperty(), height.valueProperty(),
                dpi.valueProperty(), file.textProperty(), withCaption.selectedProperty())) {
            p.addListener((o, a, b) -> describe.run());
        }
        describe.run();

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        grid.addRow(0, new Label("Format"), format);
        grid.addRow(1, new Label("Width (px)"), width);
        grid.addRow(2, new Label("Height (px)"), height);
        grid.addRow(3, new Label("DPI (PNG)"), dpi);
        HBox fileRow = new HBox(6, file, browse);
        HBox.setHgrow(file, Priority.ALWAYS);
        grid.addRow(4, new Label("File"), fileRow);
        grid.add(withCaption, 1, 5);
        grid.add(summary, 0, 6, 2, 1);
        dialog.getDialogPane().setContent(grid);
        ButtonType export = new ButtonType("Export", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(export, ButtonType.CANCEL);
        dialog.getDialogPane().lookupButton(export).disableProperty().bind(javafx.beans.binding.Bindings
                .createBooleanBinding(() -> request(format, width, height, dpi, file).problem() != null,
                        format.valueProperty(), width.valueProperty(), height.valueProperty(), dpi.valueProperty(),
                        file.textProperty()));
        dialog.getDialogPane().getStylesheets().add(Theme.STYLESHEET);
        dialog.setResultConverter(b -> b == export ? request.get() : null);
        dialog.showAndWait().ifPresent(r -> write(ctx, snapshot.get(), r));
    }

    /** Writes the figure off the JavaFX thread and says where it went. */
    static java.util.concurrent.CompletableFuture<Path> write(WorkbenchContext ctx, JFreeChart chart,
            FigureExportRequest request) {
        return write(ctx, (FigureExport.Drawing) copyOf(chart)::draw, request);
    }

    /** Writes a drawing that nothing else draws meanwhile off the JavaFX thread and says where it went. */
    public static java.util.concurrent.CompletableFuture<Path> write(WorkbenchContext ctx, FigureExport.Drawing drawing,
            FigureExportRequest request) {
        last = request;
        lastFolder = request.target().toAbsolutePath().getParent();
        return ctx.files().cancellable("Export figure", reporter -> request.write(drawing),
                written -> ctx.message().accept("Figure saved: " + written));
    }

    /**
     * A copy to draw on the file thread while the window may redraw the original (a chart must be drawn from one
     * thread at a time); the datasets are shared, and nothing changes them once a chart is built.
     */
    private static JFreeChart copyOf(JFreeChart chart) {
        try {
            return (JFreeChart) chart.clone();
        } catch (CloneNotSupportedException e) {
            return chart;
        }
    }

    private static FigureExportRequest request(ChoiceBox<FigureExportRequest.Format> format, Spinner<Integer> width,
            Spinner<Integer> height, Spinner<Integer> dpi, TextField file) {
        String f = file.getText() == null ? "" : file.getText().trim();
        Path path;
        try {
            path = f.isEmpty() ? null : Path.of(f);
        } catch (java.nio.file.InvalidPathException e) {
            path = null;
        }
        return new FigureExportRequest(format.getValue(), width.getValue(), height.getValue(), dpi.getValue(), path);
    }

    private static String withExtension(String file, FigureExportRequest.Format f) {
        String base = file.replaceFirst("\\.(png|svg|pdf|PNG|SVG|PDF)$", "");
        return base + "." + f.extension();
    }

}
