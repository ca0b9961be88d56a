package dev.locus.ui.workspace;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import dev.locus.ui.controls.FileChoosers;
import dev.locus.ui.controls.Menus;
import dev.locus.ui.session.DataLoader;
import dev.locus.ui.session.ModelLoader;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.Settings;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.FileWork;
import dev.locus.ui.task.Job;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.PauseTransition;
import javafx.animation.Timeline;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.Duration;

/**
 * Saving and opening the whole session as a {@link WorkspaceFile}: File > Save workspace (Ctrl+S), Save workspace
 * as..., Open workspace... (Ctrl+Shift+O). Files are written and read on the {@link FileWork} thread; opening loads
 * the model (unless it is the one loaded) and the data as model-thread jobs, then the selections against that model.
 */
public final class WorkspaceActions {
    /** How often the session saves itself. */
    static final double AUTOSAVE_MINUTES = 2;

    private final WorkbenchContext ctx;
    private Path current;

    public WorkspaceActions(WorkbenchContext ctx) {
        this.ctx = ctx;
    }

    /** The workspace file last saved or opened, or null. */
    Path current() {
        return current;
    }

    public List<MenuItem> menuItems() {
        return Menus.items(
                Menus.item("Open workspace...", "Reopen a saved session: model, data, selections, runs",
                        new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        this::openChosen),
                Menus.item("Save workspace", "Save the session to its workspace file",
                        new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), () -> {
                            if (current == null) {
                                saveChosen();
                            } else {
                                save(current);
                            }
                        }),
                Menus.item("Save workspace as...", "Save the session to a new workspace file",
                        new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN),
                        this::saveChosen));
    }

    private void saveChosen() {
        FileChooser chooser = chooser("Save workspace");
        chooser.setInitialFileName("session" + WorkspaceFile.EXTENSION);
        File f = chooser.showSaveDialog(ctx.owner().get());
        if (f != null) {
            save(f.toPath());
        }
    }

    private void openChosen() {
        File f = chooser("Open workspace").showOpenDialog(ctx.owner().get());
        if (f != null) {
            open(f.toPath());
        }
    }

    private FileChooser chooser(String title) {
        return FileChoosers.files(title, current != null ? current.getParent() : ctx.session().workspaceFolder.get(),
                FileChoosers.filter("Locus workspace", "*.json"));
    }

    /** Where the session is saved on its own: every few minutes and after each run (File > Open workspace reopens it). */
    static Path autosaveFile() {
        return Settings.home().resolve("autosave" + WorkspaceFile.EXTENSION);
    }

    /**
     * Saves the session on its own from now on, so that a crash loses little: every {@link #AUTOSAVE_MINUTES}
     * minutes, whenever a run is added, and once after a burst of selections (a localization adds nine at once).
     * Call once, on the JavaFX thread.
     */
    public void startAutosave() {
        Timeline every = new Timeline(new KeyFrame(Duration.minutes(AUTOSAVE_MINUTES), e -> autosave()));
        every.setCycleCount(Animation.INDEFINITE);
        every.play();
        PauseTransition afterBurst = new PauseTransition(Duration.seconds(2));
        afterBurst.setOnFinished(e -> autosave());
        ctx.session().runs.addListener((ListChangeListener<Path>) c -> autosave());
        ctx.session().selections.addListener((MapChangeListener<String, Selection>) c -> afterBurst.playFromStart());
    }

    /** Saves the session to {@link #autosaveFile()} quietly, when a model is loaded. Call on the JavaFX thread. */
    CompletableFuture<Path> autosave() {
        if (ctx.session().model.get() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return save(autosaveFile(), false);
    }

    /** Saves the session to file (and its selections as mask files beside it). Call on the JavaFX thread. */
    CompletableFuture<Path> save(Path file) {
        return save(file, true);
    }

    /** Saves; {@code chosen} makes file the workspace's own (Save then writes there) and says so to the user. */
    private CompletableFuture<Path> save(Path file, boolean chosen) {
        Session s = ctx.session();
        LocusModel model = s.model.get();
        Path folder = s.modelFolder.get();
        boolean bundled = folder == null || folder.toAbsolutePath().normalize()
                .equals(Bundled.sportsWorld().toAbsolutePath().normalize());
        Map<String, Selection> selections = new LinkedHashMap<>(s.selections);
        String selection = nameOf(s.selection.get(), selections, "current");
        String comparison = nameOf(s.comparison.get(), selections, "compared");
        List<String> runs = s.runs.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        String config = s.config.get().toJson();
        String panel = shownPanel();
        return ctx.files().run("Save workspace", () -> {
            Path masks = WorkspaceFile.masksFolder(file);
            Map<String, String> files = new LinkedHashMap<>();
            if (!selections.isEmpty()) {
                if (model == null) {
                    throw new LocusException("cannot save the selections: no model is loaded");
                }
                Files.createDirectories(masks);
                int i = 1;
                for (Map.Entry<String, Selection> e : selections.entrySet()) {
                    String name = String.format("%02d-%s.json", i++, e.getKey().replaceAll("[^A-Za-z0-9._-]", "_"));
                    // Mask files hold the model's structure (config, tensor names and shapes), no tensor values:
                    // written here, so that saving never waits behind an edit on the model thread.
                    MaskFiles.writeJson(masks.resolve(name), e.getValue(), model);
                    files.put(e.getKey(), masks.getFileName() + "/" + name);
                }
            }
            new WorkspaceFile(WorkspaceFile.VERSION, bundled ? ExperimentConfig.DEMO : folder.toAbsolutePath().toString(),
                    config, files, selection, comparison, runs, panel).write(file);
            return file;
        }, f -> {
            if (chosen) {
                current = f;
                ctx.message().accept("Workspace saved: " + f);
            }
        });
    }

    /**
     * Opens a workspace file: the config, the model (unless already loaded), the selections against it, the data,
     * the runs, the panel. Done when the file is read and the jobs are queued; {@link Opening#selections()} completes
     * when the selections are in the session.
     */
    CompletableFuture<Opening> open(Path file) {
        CompletableFuture<Map<String, Selection>> selectionsDone = new CompletableFuture<>();
        return ctx.files().run("Open workspace", () -> WorkspaceFile.read(file), w -> {
            Session s = ctx.session();
            ExperimentConfig config = w.experimentConfig(file);
            Path folder = w.modelFolder().toAbsolutePath().normalize();
            s.config.set(config);
            Job<LocusModel> modelJob = null;
            LocusModel loaded = s.model.get();
            if (loaded == null || s.modelFolder.get() == null
                    || !s.modelFolder.get().toAbsolutePath().normalize().equals(folder)) {
                modelJob = ModelLoader.open(ctx, w.modelFolder());
            }
            Job<LocusModel> waitFor = modelJob;
            Path base = file.toAbsolutePath().getParent();
            Job<Map<String, Selection>> masks = ctx.thread().submit("Open workspace selections", r -> {
                LocusModel model = loaded;
                if (waitFor != null) {
                    // queued after the model's job on the same thread, so it is done; a failure was reported already
                    try {
                        model = waitFor.get();
                    } catch (Exception e) {
                        return Map.of();
                    }
                }
                Map<String, Selection> out = new LinkedHashMap<>();
                int i = 0;
                for (Map.Entry<String, String> e : w.selections().entrySet()) {
                    r.progress("reading masks", i++, w.selections().size());
                    out.put(e.getKey(), MaskFiles.readJson(base.resolve(e.getValue()), model));
                }
                return out;
            });
            masks.setOnSucceeded(e -> {
                Map<String, Selection> got = masks.getValue();
                s.selections.putAll(got);
                s.selection.set(w.selection() == null ? null : got.get(w.selection()));
                s.comparison.set(w.comparison() == null ? null : got.get(w.comparison()));
                selectionsDone.complete(got);
            });
            masks.setOnFailed(e -> selectionsDone.completeExceptionally(masks.getException()));
            masks.setOnCancelled(e -> selectionsDone.cancel(false));
            Job<DataLoader.Loaded> data = DataLoader.load(ctx, config);
            List<Path> runs = new ArrayList<>();
            List<String> gone = new ArrayList<>();
            for (String r : w.runs()) {
                Path p = Path.of(r);
                if (Files.isDirectory(p)) {
                    runs.add(p);
                } else {
                    gone.add(r);
                }
            }
            s.runs.setAll(runs);
            if (w.panel() != null) {
                try {
                    ctx.navigate().accept(w.panel());
                } catch (IllegalArgumentException unknown) {
                    // a panel of another version: stay where we are
                }
            }
            current = file;
            ctx.message().accept("Workspace opened: " + file.getFileName()
                    + (gone.isEmpty() ? "" : "; " + gone.size() + " run folder(s) no longer exist: " + String.join(", ", gone)));
            return;
        }).thenApply(w -> new Opening(file, selectionsDone));
    }

    /** An opened workspace: its selections arrive once the model is loaded. */
    record Opening(Path file, CompletableFuture<Map<String, Selection>> selections) {
    }

    /** The selection's name among selections; one not among them is added under fallback, to be restored too. */
    private static String nameOf(Selection s, Map<String, Selection> selections, String fallback) {
        if (s == null) {
            return null;
        }
        for (Map.Entry<String, Selection> e : selections.entrySet()) {
            if (e.getValue() == s) {
                return e.getKey();
            }
        }
        for (Map.Entry<String, Selection> e : selections.entrySet()) {
            if (e.getValue().equals(s)) {
                return e.getKey();
            }
        }
        String name = fallback;
        for (int i = 2; selections.containsKey(name); i++) {
            name = fallback + "-" + i;
        }
        selections.put(name, s);
        return name;
    }

    /** The title of the panel the window shows (its selected navigation button), or null without a window. */
    private String shownPanel() {
        Window w = ctx.owner().get();
        if (w == null || w.getScene() == null) {
            return null;
        }
        return w.getScene().getRoot().lookupAll(".nav-button").stream()
                .filter(n -> n instanceof ToggleButton b && b.isSelected())
                .map(n -> ((ToggleButton) n).getText()).findFirst().orElse(null);
    }
}
