package dev.locus.ui.session;

import dev.locus.data.Dataset;
import dev.locus.data.Split;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.Localization;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.ui.runs.BundledComparison;
import dev.locus.ui.runs.LiveRuns;
import java.nio.file.Path;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;

/**
 * What the panels share, observed and changed on the JavaFX thread only. The tensors behind {@link #model} are used
 * on the {@link ModelThread} alone; a panel hands them to a job, never touches them itself.
 *
 * <p>{@link #config} is the single source of the session's settings (data, forget set, edit target, edit
 * settings, methods): panels change parts of it, the edit panel runs it, and exporting it gives a config that
 * reproduces the run with {@code locus run}.
 */
public final class Session {
    /** The loaded model; replaced (and the old one closed on the model thread) when another is opened. */
    public final ObjectProperty<LocusModel> model = new SimpleObjectProperty<>();
    /** The folder the model came from ({@link dev.locus.model.Bundled#sportsWorld()} for the demo). */
    public final ObjectProperty<Path> modelFolder = new SimpleObjectProperty<>();
    /** The device models load onto: auto, cpu or gpu (the Model panel's choice). */
    public final javafx.beans.property.StringProperty device = new javafx.beans.property.SimpleStringProperty("auto");
    /** The settings every run of this session starts from. */
    public final ObjectProperty<ExperimentConfig> config = new SimpleObjectProperty<>(startingConfig());
    /** The facts of {@link #config}'s data, loaded. */
    public final ObjectProperty<Dataset> dataset = new SimpleObjectProperty<>();
    /** The forget set and maintain split of {@link #config} with its edit targets (seed 0). */
    public final ObjectProperty<Split> split = new SimpleObjectProperty<>();
    /** The latest localization result per method ("causal-tracing", "activation-patching", ...). */
    public final ObservableMap<String, Localization.Result> localizations = FXCollections.observableHashMap();
    /** Selections by name: the strategies' (flu, causal-tracing, random, ...) and the user's own. */
    public final ObservableMap<String, Selection> selections = FXCollections.observableMap(new java.util.LinkedHashMap<>());
    /** The selection being looked at, drawn over the heatmaps; edits run on it. */
    public final ObjectProperty<Selection> selection = new SimpleObjectProperty<>();
    /** A second selection to compare against the first, or null. */
    public final ObjectProperty<Selection> comparison = new SimpleObjectProperty<>();
    /** Run folders of this session, oldest first (each holds config.json, metrics.csv, ...). */
    public final ObservableList<Path> runs = FXCollections.observableArrayList();
    /** Counts changes inside the runs' folders (new metric rows of a run in progress); the results panel rereads. */
    public final javafx.beans.property.LongProperty runsChanged = new javafx.beans.property.SimpleLongProperty();
    /**
     * The settings a session starts from: the bundled comparison's (its sweep-chosen edit settings suit Sports World,
     * which opens at start), as one method, FLU, under the workbench's name.
     */
    static ExperimentConfig startingConfig() {
        ExperimentConfig c = BundledComparison.config();
        return c.withRun("workbench", c.seeds(), java.util.List.of("flu"));
    }

    /** Runs of this session as they happen: the queue and the live loss curves (after runs and runsChanged). */
    public final LiveRuns liveRuns = new LiveRuns(runs, runsChanged);
    /**
     * Presentation mode (View > Presentation, F11): full screen, larger text and chart fonts, the job list as a slim
     * bar; panels lay themselves out to be read from the back of a room at 1280 x 720.
     */
    public final javafx.beans.property.BooleanProperty presentation = new javafx.beans.property.SimpleBooleanProperty();
    /** The folder this session's runs and masks go to. */
    public final ObjectProperty<Path> workspaceFolder = new SimpleObjectProperty<>(Settings.home().resolve("workspace"));
}
