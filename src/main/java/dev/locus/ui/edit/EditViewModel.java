package dev.locus.ui.edit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.experiment.ExperimentRunner;
import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.EditSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.export.MethodStyle;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.ui.runs.LiveRuns;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.Job;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.collections.ObservableList;

/**
 * The Edit panel's state and actions, without a window: the objective and hyperparameters (kept in the session's
 * config, the single source of settings), which selections to edit, why a run cannot start yet, and the run itself,
 * one job per selection on the model thread (so several make a queue). JavaFX thread only.
 */
public final class EditViewModel {
    /** Whether the edit unlearns or moves facts to their edit targets. */
    public static final String OBJECTIVE = "objective";
    /** The seed of a run: the random edit targets, the batches, the random baselines. */
    public static final String SEED = "seed";

    /**
     * One hyperparameter of the sheet.
     *
     * @param key the config's field name ({@code forget_coef}), or {@link #SEED}
     * @param type Integer, Long, Double or String (a choice of {@code choices})
     */
    public record Field(String key, String label, String category, Class<?> type, String description,
            Function<ExperimentConfig, Object> value, List<String> choices) {
        Field(String key, String label, String category, Class<?> type, String description,
              Function<ExperimentConfig, Object> value) {
            this(key, label, category, type, description, value, List.of());
        }
    }

    /** The hyperparameters, in the order the sheet shows them. */
    public static final List<Field> FIELDS = List.of(
            new Field("steps", "Steps", "Training", Integer.class, "Optimizer steps of each edit",
                    c -> c.edit().steps()),
            new Field("lr", "Learning rate", "Training", Double.class,
                    "Peak learning rate of AdamW (fine-tuning). 2e-3 and 0.002 both work",
                    c -> c.edit().lr()),
            new Field("batch", "Batch", "Training", Integer.class, "Prompts per optimizer step", c -> c.edit().batch()),
            new Field("warmup", "Warm-up steps", "Training", Integer.class,
                    "Linear learning-rate warm-up at the start; fewer than the steps", c -> c.edit().warmup()),
            new Field("weight_decay", "Weight decay", "Training", Double.class, "AdamW's decoupled weight decay",
                    c -> c.edit().weightDecay()),
            new Field("clip", "Gradient clip", "Training", Double.class, "The gradient norm is clipped to this",
                    c -> c.edit().clip()),
            new Field("forget_coef", "Forget coefficient", "Loss weights", Double.class,
                    "Weight of the forget loss: the facts being edited or unlearned", c -> c.edit().forgetCoef()),
            new Field("maintain_coef", "Maintain coefficient", "Loss weights", Double.class,
                    "Weight of the maintain loss: the other facts keep their answers", c -> c.edit().maintainCoef()),
            new Field("general_coef", "General coefficient", "Loss weights", Double.class,
                    "Weight of the language-modelling loss on general text", c -> c.edit().generalCoef()),
            new Field("mode", "Mode", "Mode", String.class,
                    "finetune trains the selected weights; weight-mask learns a mask in [0, 1] over them (the paper's"
                            + " weight masking)", c -> c.edit().mode().key(), EditSettings.MODES),
            new Field("mask_penalty", "Mask penalty", "Mode", Double.class,
                    "Weight-mask mode only: beta, the full weight of the L1 penalty pulling the mask toward 1 (keep the"
                            + " weights); the penalty is the mean gap per matrix, averaged over the matrices",
                    c -> c.edit().maskPenalty()),
            new Field("mask_ramp_start", "Penalty ramp start", "Mode", Integer.class,
                    "Weight-mask mode only: the step where the penalty's weight min(beta (step - start), beta) crosses"
                            + " 0 (negative before, beta after; the paper's 15)", c -> c.edit().maskRampStart()),
            new Field("mask_lr", "Mask learning rate", "Mode", Double.class,
                    "Weight-mask mode only: the mask's own SGD learning rate (the paper's 1e-3)", c -> c.edit().maskLr()),
            new Field("eval_every", "Evaluate every", "Run", Integer.class,
                    "Measure accuracy every this many steps during the edit (0: only before and after)",
                    c -> c.edit().evalEvery()),
            new Field(SEED, "Seed", "Run", Long.class,
                    "Seeds the random edit targets, the batches and the random baselines; the same seed repeats a run",
                    c -> c.seeds().get(0)));

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private final WorkbenchContext ctx;
    private final Session session;
    private final LiveRuns live;
    private final Map<String, ObjectProperty<Object>> values = new LinkedHashMap<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ObservableList<String> methods = FXCollections.observableArrayList();
    private final ObservableList<String> checked = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper missing = new ReadOnlyStringWrapper("");
    private final BooleanBinding canRun = missing.isEmpty();
    private final StringBinding objectiveHint;
    private final StringBinding chosenSummary;
    private final StringBinding estimate;
    /** True while the sheet's values are set from the config, so that doing so is not taken for an edit. */
    private boolean syncing;

    public EditViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        this.session = ctx.session();
        this.live = session.liveRuns;
        values.put(OBJECTIVE, new SimpleObjectProperty<>());
        for (Field f : FIELDS) {
            values.put(f.key(), new SimpleObjectProperty<>());
        }
        syncFromConfig();
        values.values().forEach(p -> p.addListener((obs, old, now) -> apply()));
        session.config.addListener((obs, old, now) -> syncFromConfig());
        session.selections.addListener((MapChangeListener<String, Selection>) c -> refreshMethods());
        session.selection.addListener((obs, old, now) -> refreshMethods());
        refreshMethods();
        Observable[] inputs = {session.model, session.dataset, methods, checked, problem};
        for (Observable o : inputs) {
            o.addListener(x -> refreshMissing());
        }
        checked.addListener((ListChangeListener<String>) c -> refreshMissing());
        refreshMissing();
        objectiveHint = Bindings.createStringBinding(this::describeObjective, values.get(OBJECTIVE), session.config);
        chosenSummary = Bindings.createStringBinding(this::describeChosen, checked, session.selections, session.selection);
        estimate = Bindings.createStringBinding(() -> EditEstimate.describe(session, checked), checked, session.model,
                session.config, session.selections);
    }

    /** The estimator's memory and time for the queued edits, and whether they fit, before a run starts. */
    public StringBinding estimate() {
        return estimate;
    }

    /** The value the sheet shows for a field (or {@link #OBJECTIVE}); set it to change the setting. */
    public ObjectProperty<Object> value(String key) {
        ObjectProperty<Object> p = values.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no setting " + key);
        }
        return p;
    }

    /** What is wrong with the settings as entered ("lr: must be above 0, got 0"), or empty. */
    public ReadOnlyStringProperty problem() {
        return problem.getReadOnlyProperty();
    }

    /** The selections that can be edited: the session's, by name, and the current one if it has none. */
    public ObservableList<String> methods() {
        return methods;
    }

    /** The selections to edit, one job each in this order; the current selection when nothing else was chosen. */
    public ObservableList<String> checked() {
        return checked;
    }

    /** Why a run cannot start yet ("Open a model first..."), or empty when it can. */
    public ReadOnlyStringProperty missing() {
        return missing.getReadOnlyProperty();
    }

    public BooleanBinding canRun() {
        return canRun;
    }

    /** What the chosen objective does with the data panel's edit targets. */
    public StringBinding objectiveHint() {
        return objectiveHint;
    }

    /** The chosen selections' sizes: "flu: 2 components, 262,144 parameters; ...". */
    public StringBinding chosenSummary() {
        return chosenSummary;
    }

    public LiveRuns live() {
        return live;
    }

    /** The selection a method name stands for, or null. */
    public Selection selectionFor(String name) {
        Selection s = session.selections.get(name);
        if (s == null && name.equals(currentName())) {
            s = session.selection.get();
        }
        return s;
    }

    /**
     * Queues one edit per chosen selection on the model thread, into {@code <workspace>/runs/<stamp>/<method>/}; each
     * writes its selection as a mask file first, so that the run folder's config.json reproduces it with
     * {@code locus run}. Returns the jobs (none, and a message, when a run cannot start).
     */
    public List<Job<RunRecorder>> run() {
        String why = missing.get();
        if (!why.isEmpty()) {
            ctx.message().accept(why);
            return List.of();
        }
        ExperimentConfig base = session.config.get();
        EditSettings settings = base.edit();
        String target = settings.objective() == EditSettings.Objective.UNLEARN ? ExperimentConfig.TARGET_NONE
                : base.editTarget();
        Path workspace = session.workspaceFolder.get().toAbsolutePath();
        Path queueDir = LiveRuns.newFolder(workspace.resolve("runs"), STAMP.format(LocalDateTime.now()));
        String stamp = queueDir.getFileName().toString();
        LocusModel model = session.model.get();
        live.startNewQueue();
        List<Job<RunRecorder>> jobs = new ArrayList<>();
        for (String method : List.copyOf(checked)) {
            Selection chosen = selectionFor(method);
            // Named as the method it runs as, so that masks/ and results.json call it what metrics.csv does.
            Selection selection = new Selection(method, chosen.components(), chosen.parameterCount(), chosen.rule(),
                    chosen.scores());
            String folder = folderName(method);
            Path out = queueDir.resolve(folder);
            Path mask = workspace.resolve("masks").resolve(stamp + "-" + folder + ".json");
            ExperimentConfig config = base.withForget(base.forget(), target)
                    .withRun("edit-" + stamp + "-" + folder, List.of(base.seeds().get(0)), List.of(method))
                    .withEdit(settings, Map.of())
                    .withMasks(Map.of(method, mask.toString()));
            jobs.add(live.start(ctx.thread(), "Edit " + MethodStyle.displayName(method), method, out, listener -> {
                MaskFiles.writeJson(mask, selection, model);
                return ExperimentRunner.run(config, model, Map.of(method, selection), out, false, listener);
            }));
        }
        return jobs;
    }

    /** Cancels this session's waiting and running edits (and a paper comparison). */
    public void cancelAll() {
        live.cancelAll();
    }

    /** Letters, digits, '.', '_' and '-' of a name, for folder and run names. */
    static String folderName(String method) {
        String s = method.replaceAll("[^A-Za-z0-9._-]+", "_");
        return s.isEmpty() || s.startsWith(".") ? "selection" + s : s;
    }

    /** The name the current selection goes by: its key in the session's selections, else its strategy. */
    private String currentName() {
        Selection current = session.selection.get();
        if (current == null) {
            return null;
        }
        for (Map.Entry<String, Selection> e : session.selections.entrySet()) {
            if (e.getValue() == current) {
                return e.getKey();
            }
        }
        for (Map.Entry<String, Selection> e : session.selections.entrySet()) {
            if (e.getValue().equals(current)) {
                return e.getKey();
            }
        }
        return session.selections.containsKey(current.strategy()) ? "custom" : current.strategy();
    }

    private void refreshMethods() {
        List<String> names = new ArrayList<>(session.selections.keySet());
        String current = currentName();
        if (current != null && !names.contains(current)) {
            names.add(current);
        }
        if (!names.equals(methods)) {
            methods.setAll(names);
        }
        checked.removeIf(n -> !names.contains(n));
        if (checked.isEmpty() && current != null) {
            checked.add(current);
        }
    }

    private void refreshMissing() {
        String why;
        if (session.model.get() == null) {
            why = "Open a model first (Model panel)";
        } else if (session.dataset.get() == null) {
            why = "Load the data and choose a forget set first (Data panel)";
        } else if (methods.isEmpty()) {
            why = "Pick components to edit first: run a strategy or select by hand (Select panel)";
        } else if (checked.isEmpty()) {
            why = "Choose at least one selection to edit";
        } else if (!problem.get().isEmpty()) {
            why = "Fix the settings first: " + problem.get();
        } else {
            why = "";
        }
        missing.set(why);
    }

    /** The sheet shows the config's settings (at start, and when another panel or a workspace changes them). */
    private void syncFromConfig() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            ExperimentConfig c = session.config.get();
            values.get(OBJECTIVE).set(c.edit().objective().key());
            for (Field f : FIELDS) {
                values.get(f.key()).set(f.value().apply(c));
            }
            problem.set("");
        } finally {
            syncing = false;
        }
    }

    /**
     * Takes the values as entered into the session's config when the engine's own checks accept them all together
     * (so that warm-up may go above the old steps once steps grow); otherwise says what is wrong and keeps the
     * config as it was.
     */
    private void apply() {
        if (syncing) {
            return;
        }
        ObjectNode edit = JsonNodeFactory.instance.objectNode();
        Object objective = values.get(OBJECTIVE).get();
        edit.put(OBJECTIVE, objective == null ? null : objective.toString());
        for (Field f : FIELDS) {
            if (!f.key().equals(SEED)) {
                edit.set(f.key(), json(values.get(f.key()).get()));
            }
        }
        EditSettings settings;
        try {
            settings = EditSettings.DEFAULTS.merged(edit);
        } catch (LocusException e) {
            problem.set(e.getMessage().replaceFirst("^edit override: ", ""));
            return;
        }
        Object seed = values.get(SEED).get();
        if (!(seed instanceof Number n) || n.longValue() < 0) {
            problem.set("seed: must be a whole number, 0 or more, got " + seed);
            return;
        }
        problem.set("");
        ExperimentConfig c = session.config.get();
        List<Long> seeds = c.seeds().get(0) == n.longValue() ? c.seeds() : List.of(n.longValue());
        if (!settings.equals(c.edit()) || seeds != c.seeds()) {
            syncing = true;
            try {
                session.config.set(c.withEdit(settings, c.methodEdit()).withRun(c.name(), seeds, c.methods()));
            } finally {
                syncing = false;
            }
        }
    }

    /** A value as the config file would hold it, so that the engine's checks read it as they read a file. */
    private static com.fasterxml.jackson.databind.JsonNode json(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Number n) {
            return f.numberNode(n.doubleValue());
        }
        return v == null ? f.nullNode() : f.textNode(v.toString());
    }

    private String describeObjective() {
        Object objective = values.get(OBJECTIVE).get();
        if ("unlearn".equals(objective)) {
            return "Unlearn: push down the probability of each forget fact's true answer; no targets (the run's"
                    + " edit_target is none).";
        }
        String target = session.config.get().editTarget();
        String where = switch (target) {
            case ExperimentConfig.TARGET_RANDOM -> "a random other answer per fact";
            case ExperimentConfig.TARGET_DATA -> "the dataset's own edit targets";
            case ExperimentConfig.TARGET_NONE -> "none chosen, so the edit only unlearns";
            default -> "\"" + target + "\" for every fact";
        };
        return "Edit: train each forget fact toward its edit target: " + where + " (chosen in the Data panel).";
    }

    private String describeChosen() {
        List<String> parts = new ArrayList<>();
        for (String name : checked) {
            Selection s = selectionFor(name);
            if (s != null) {
                int n = s.components().ids().size();
                parts.add(String.format(Locale.ROOT, "%s: %d component%s, %,d parameters", name, n, n == 1 ? "" : "s",
                        s.parameterCount()));
            }
        }
        return parts.isEmpty() ? "" : String.join("  ·  ", parts);
    }
}
