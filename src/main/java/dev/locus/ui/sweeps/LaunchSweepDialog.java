package dev.locus.ui.sweeps;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.ui.controls.FileChoosers;
import dev.locus.ui.controls.Spinners;
import dev.locus.ui.controls.Widgets;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.stage.Window;

/**
 * "Launch a sweep...": a config file, learning rates, forget coefficients, the new sweep folder, and the launcher:
 * local with its workers, or Slurm (offered only where sbatch is on PATH) with partition, time, GPUs per run and
 * runs at once. OK stays off while a field is wrong; the line under the form says which and why.
 */
final class LaunchSweepDialog {
    private final Dialog<LaunchRequest> dialog = new Dialog<>();
    final TextField config = field("The experiment config file (JSON) whose methods are swept");
    final TextField lrs = field("Learning rates, separated by commas");
    final TextField coefs = field("Forget coefficients, separated by commas");
    final TextField out = field("A new or empty folder for the sweep: its manifest, run folders, logs and summary");
    final ChoiceBox<String> launcher = new ChoiceBox<>();
    final Spinner<Integer> workers = Spinners.of(0, 64, 0, 1,
            "Runs at once on this machine; 0 = one per GPU (one on a CPU machine)");
    final TextField partition = field("Slurm partition; empty for the cluster's default");
    final TextField time = field("Time limit per run: minutes, HH:MM:SS or D-HH:MM:SS; empty for the partition's");
    final Spinner<Integer> gpus = Spinners.of(0, 16, 1, 1, "GPUs each run asks for (--gres=gpu:N)");
    final Spinner<Integer> maxParallel = Spinners.of(0, 10_000, 0, 1, "Runs of the array at once; 0 = no limit");
    final Label problem = new Label();

    LaunchSweepDialog(Window owner, boolean slurmAvailable, Path startFolder) {
        dialog.setTitle("Launch a sweep");
        dialog.setHeaderText("A learning-rate sweep: every method of the config, each learning rate and forget"
                + " coefficient, one run each");
        if (owner != null) {
            dialog.initOwner(owner);
        }
        lrs.setText("1e-3, 2e-3, 4e-3");
        coefs.setText("1, 2");
        out.setText(startFolder == null ? "" : startFolder.resolve("sweep").toString());
        launcher.getItems().add(ClusterSettings.LOCAL);
        if (slurmAvailable) {
            launcher.getItems().add(ClusterSettings.SLURM);
        }
        launcher.setValue(ClusterSettings.LOCAL);
        launcher.setTooltip(new javafx.scene.control.Tooltip(slurmAvailable
                ? "local: worker processes on this machine; slurm: one job array on the cluster"
                : "local: worker processes on this machine (Slurm needs sbatch on PATH, which this machine lacks)"));
        launcher.setDisable(!slurmAvailable);
        for (Node n : List.of(partition, time, gpus, maxParallel)) {
            n.disableProperty().bind(launcher.valueProperty().isNotEqualTo(ClusterSettings.SLURM));
        }
        workers.disableProperty().bind(launcher.valueProperty().isEqualTo(ClusterSettings.SLURM));
        problem.getStyleClass().add("bad");
        problem.setWrapText(true);

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.setPadding(new Insets(12));
        int row = 0;
        form.addRow(row++, new Label("Config file"), new HBox(6, config, browse("Choose the config file", false, config)));
        form.addRow(row++, new Label("Learning rates"), lrs);
        form.addRow(row++, new Label("Forget coefficients"), coefs);
        form.addRow(row++, new Label("Sweep folder"), new HBox(6, out, browse("Choose the sweep folder", true, out)));
        form.addRow(row++, new Label("Launcher"), launcher);
        form.addRow(row++, new Label("Local workers"), workers);
        if (slurmAvailable) {
            form.addRow(row++, new Label("Slurm partition"), partition);
            form.addRow(row++, new Label("Time per run"), time);
            form.addRow(row++, new Label("GPUs per run"), gpus);
            form.addRow(row++, new Label("Runs at once"), maxParallel);
        } else {
            form.add(Widgets.hint("Slurm is not offered: sbatch is not on PATH on this machine."), 0, row++, 2, 1);
        }
        form.add(problem, 0, row, 2, 1);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, ButtonType.OK);
        Node ok = dialog.getDialogPane().lookupButton(ButtonType.OK);
        Runnable check = () -> {
            String why = problem();
            problem.setText(why == null ? "" : why);
            ok.setDisable(why != null);
        };
        for (TextField f : List.of(config, lrs, coefs, out, partition, time)) {
            f.textProperty().addListener((o, a, b) -> check.run());
        }
        launcher.valueProperty().addListener((o, a, b) -> check.run());
        check.run();
        dialog.setResultConverter(b -> b == ButtonType.OK ? request() : null);
    }

    /** The dialog itself (tests show it without waiting). */
    Dialog<LaunchRequest> dialog() {
        return dialog;
    }

    Optional<LaunchRequest> showAndWait() {
        return dialog.showAndWait();
    }

    /** What is wrong with the form, in one line, or null. */
    String problem() {
        try {
            request();
            return null;
        } catch (LocusException e) {
            return e.getMessage();
        }
    }

    /** The form as a request; a LocusException naming the field that is wrong. */
    LaunchRequest request() {
        if (config.getText().isBlank()) {
            throw new LocusException("Config file: choose the experiment config to sweep");
        }
        if (out.getText().isBlank()) {
            throw new LocusException("Sweep folder: choose a new or empty folder");
        }
        String t = time.getText().isBlank() ? null : time.getText().strip();
        LaunchRequest r = new LaunchRequest(Path.of(config.getText().strip()), LaunchRequest.numbers("Learning rates", lrs.getText()),
                LaunchRequest.numbers("Forget coefficients", coefs.getText()), Path.of(out.getText().strip()),
                launcher.getValue(), workers.getValue(), partition.getText().isBlank() ? null : partition.getText().strip(),
                t, gpus.getValue(), maxParallel.getValue());
        r.over(ClusterSettings.DEFAULTS); // the launcher's own checks (the time's form)
        return r;
    }

    private Button browse(String title, boolean folder, TextField into) {
        Button b = new Button("Browse...");
        b.setTooltip(new javafx.scene.control.Tooltip(title));
        b.setOnAction(e -> {
            Window w = dialog.getDialogPane().getScene().getWindow();
            Path now = into.getText().isBlank() ? null : Path.of(into.getText().strip());
            Path start = now == null ? null : java.nio.file.Files.isDirectory(now) ? now : now.getParent();
            File chosen = folder ? FileChoosers.folders(title, start).showDialog(w)
                    : FileChoosers.files(title, start, FileChoosers.filter("Locus config", "*.json")).showOpenDialog(w);
            if (chosen != null) {
                into.setText(chosen.toString());
            }
        });
        return b;
    }

    private static TextField field(String tip) {
        TextField f = new TextField();
        f.setTooltip(new javafx.scene.control.Tooltip(tip));
        f.setPrefColumnCount(28);
        return f;
    }
}
