package dev.locus.ui.model;

import dev.locus.ui.session.ModelLoader;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.layout.Region;

/**
 * The Model panel's device choice: auto, the CPU, or the GPU (offered only when CUDA sees one; otherwise shown
 * disabled with the reason). Changing it reloads the open model onto the new device.
 */
final class DeviceChoice {
    static final String NO_GPU = "no GPU is visible to libtorch (this build carries the CPU libtorch; see the README"
            + " for the CUDA build)";

    private DeviceChoice() {
    }

    static Node build(WorkbenchContext ctx) {
        Session s = ctx.session();
        boolean gpu = gpuCount() > 0;
        ComboBox<String> box = new ComboBox<>(FXCollections.observableArrayList("auto", "cpu", "gpu"));
        box.setId("device-choice");
        box.setCellFactory(list -> cell(gpu));
        box.setButtonCell(cell(gpu));      // the chosen entry reads as in the list, not as its key
        box.setMinWidth(Region.USE_PREF_SIZE);
        box.setValue(s.device.get());
        box.setTooltip(new Tooltip("Where models load and compute; changing it reloads the open model"));
        box.valueProperty().addListener((obs, old, now) -> {
            if (now == null || now.equals(s.device.get())) {
                return;
            }
            if ("gpu".equals(now) && !gpu) {
                box.setValue(old);   // a disabled entry chosen by keyboard
                return;
            }
            s.device.set(now);
            if (s.modelFolder.get() != null) {
                ModelLoader.open(ctx, s.modelFolder.get());
            }
        });
        s.device.addListener((obs, old, now) -> box.setValue(now));
        Label why = new Label(gpu ? "" : "No GPU: this build carries the CPU libtorch");
        why.setTooltip(new Tooltip(NO_GPU));
        why.getStyleClass().add("hint");
        why.setWrapText(true);
        Label name = new Label("Device");
        name.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, name, box);
        row.setAlignment(Pos.CENTER_LEFT);
        return gpu ? row : new VBox(4, row, why);   // the reason on its own line: the card is narrow
    }

    private static ListCell<String> cell(boolean gpu) {
        return new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : label(item, gpu));
                setDisable(!empty && "gpu".equals(item) && !gpu);
                setTooltip(!empty && "gpu".equals(item) && !gpu ? new Tooltip(NO_GPU) : null);
            }
        };
    }

    static String label(String choice, boolean gpu) {
        return switch (choice) {
            case "auto" -> "auto (" + (gpu ? "the GPU" : "the CPU") + ")";
            case "cpu" -> "CPU";
            default -> gpu ? "GPU" : "GPU (none here)";
        };
    }

    /** GPUs CUDA reports, 0 without CUDA: a driver query, no tensor work. */
    static int gpuCount() {
        try {
            return ai.djl.util.cuda.CudaUtils.getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }
}
