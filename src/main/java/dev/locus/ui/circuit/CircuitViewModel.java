package dev.locus.ui.circuit;

import dev.locus.data.Dataset;
import dev.locus.data.PromptFormat;
import dev.locus.localize.circuit.Circuit;
import dev.locus.localize.circuit.CircuitExtraction;
import dev.locus.localize.circuit.CircuitFiles;
import dev.locus.localize.circuit.CircuitLayout;
import dev.locus.localize.circuit.CircuitReport;
import dev.locus.localize.circuit.CircuitRun;
import dev.locus.localize.circuit.CircuitSelection;
import dev.locus.localize.circuit.EdgeScores;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.Job;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Worker;

/**
 * The Circuit tab's state and actions: a method and its options (as {@code locus circuit} takes them), a run on the
 * model thread, the report it found (or one opened from a file), and the circuit shown: the run's own until the user
 * moves the top-k box or the threshold, then the one they choose, extracted again at once (pure Java, cheap). No
 * nodes; the tab binds to it.
 */
public final class CircuitViewModel {
    private final WorkbenchContext ctx;
    private final Session session;

    public final StringProperty method = new SimpleStringProperty(CircuitRun.Method.EAP_IG.text());
    public final IntegerProperty igSteps = new SimpleIntegerProperty(5);
    /** Use only the first n forget prompts; 0: all. */
    public final IntegerProperty prompts = new SimpleIntegerProperty(64);
    /** Choose by threshold (true) or by top k (false). */
    public final BooleanProperty byThreshold = new SimpleBooleanProperty(false);
    public final IntegerProperty top = new SimpleIntegerProperty(50);
    /** The least |normalized score| an edge needs. */
    public final DoubleProperty threshold = new SimpleDoubleProperty(0.02);
    /** Whose scores choose the shown circuit: every position ("all") or one position class (EAP and EAP-IG score each). */
    public final StringProperty position = new SimpleStringProperty(EdgeScores.ALL);
    /** The positions the report has scores for. */
    public final javafx.collections.ObservableList<String> positions =
            javafx.collections.FXCollections.observableArrayList(EdgeScores.ALL);
    private final ObjectProperty<CircuitReport> report = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Circuit> shown = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final BooleanBinding canRun;
    private boolean ownCircuit;
    private boolean applying;
    private Consumer<String> onError = line -> { };

    public CircuitViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        this.session = ctx.session();
        canRun = session.model.isNotNull().and(session.dataset.isNotNull()).and(session.split.isNotNull())
                .and(running.not());
        report.addListener((o, old, r) -> {
            ownCircuit = true;
            quietly(() -> {
                positions.setAll(r == null ? java.util.List.of(EdgeScores.ALL) : java.util.List.copyOf(r.byPosition().keySet()));
                position.set(EdgeScores.ALL);
            });
            shown.set(r == null ? null : r.circuit());
        });
        // Moving the top-k box chooses by top k, moving the threshold by threshold; either shows the user's circuit.
        top.addListener(x -> userChose(() -> byThreshold.set(false)));
        threshold.addListener(x -> userChose(() -> byThreshold.set(true)));
        byThreshold.addListener(x -> userChose(() -> { }));
        position.addListener(x -> userChose(() -> { }));
    }

    private void userChose(Runnable rule) {
        if (!applying) {
            quietly(rule);
            ownCircuit = false;
            reextract();
        }
    }

    /** Runs r (which may set the options) without choosing a circuit again (the slider's range, the tour). */
    public void quietly(Runnable r) {
        boolean was = applying;
        applying = true;
        try {
            r.run();
        } finally {
            applying = was;
        }
    }

    /** How a failed open or save is shown (a dialog). */
    public void setOnError(Consumer<String> action) {
        onError = action;
    }

    public BooleanBinding canRun() {
        return canRun;
    }

    public BooleanProperty running() {
        return running;
    }

    public ObjectProperty<CircuitReport> report() {
        return report;
    }

    /** The circuit drawn: the report's own, or the one the top-k box or threshold chooses from its scores. */
    public ReadOnlyObjectProperty<Circuit> shown() {
        return shown.getReadOnlyProperty();
    }

    /** Whether the shown circuit is the report's own (whose faithfulness was measured). */
    public boolean showsOwnCircuit() {
        return ownCircuit;
    }

    /** Why Find is disabled, or null when it is not. */
    public String whyNotRunnable() {
        if (session.model.get() == null) {
            return "Open a model first (Model panel)";
        }
        if (session.dataset.get() == null || session.split.get() == null) {
            return "Load data and choose a forget set first (Data panel)";
        }
        return running.get() ? "A circuit search is running" : null;
    }

    /** The request the options make: the method, its IG steps, the 80% faithfulness rule, scores per position class. */
    public CircuitRun.Request request() {
        CircuitRun.Method m = CircuitRun.Method.parse(method.get());
        return CircuitRun.Request.of(m).withIgSteps(Math.max(1, igSteps.get()))
                .withPerPosition(m != CircuitRun.Method.EDGE_PATCHING);
    }

    /** Scores every edge on the forget prompts and finds the circuit, as a job on the model thread. */
    public Job<CircuitReport> run() {
        LocusModel model = session.model.get();
        Dataset data = session.dataset.get();
        var split = session.split.get();
        if (model == null || data == null || split == null) {
            throw new IllegalStateException(whyNotRunnable());
        }
        CircuitRun.Request request = request();
        // the config's edit format, or the dataset's standard (or first) one when it has no such format
        PromptFormat format = data.formatOr(session.config.get().editFormat());
        int n = Math.max(0, prompts.get());
        running.set(true);
        Job<CircuitReport> job = ctx.thread().submit("Circuit: " + request.method().text()
                + (n > 0 ? " (" + n + " prompts)" : ""), r -> {
                    LocalizationSet set = LocalizationSet.of(model, format, split.forget(), data.attributes());
                    return CircuitRun.run(model, n > 0 ? set.limit(n) : set, request,
                            (stage, done, total) -> r.progress(stage, done, total));
                });
        job.stateProperty().addListener((obs, old, state) -> {
            if (state == Worker.State.FAILED || state == Worker.State.CANCELLED) {
                running.set(false);
            }
        });
        job.setOnSucceeded(e -> {
            running.set(false);
            report.set(job.getValue());
            ctx.message().accept(summary());
        });
        return job;
    }

    private void reextract() {
        CircuitReport r = report.get();
        if (r == null) {
            return;
        }
        EdgeScores scores = r.byPosition().getOrDefault(position.get(), r.scores());
        shown.set(byThreshold.get() ? CircuitExtraction.threshold(scores, Math.max(0, threshold.get()))
                : CircuitExtraction.top(scores, Math.max(1, top.get())));
    }

    /** Shows the report's own circuit again. */
    public void showOwnCircuit() {
        CircuitReport r = report.get();
        ownCircuit = true;
        quietly(() -> position.set(EdgeScores.ALL));
        shown.set(r == null ? null : r.circuit());
    }

    /** Sets the top-k box and the rule without a re-extraction per change (tests, the tour). */
    public void choose(boolean useThreshold, int k, double t) {
        quietly(() -> {
            byThreshold.set(useThreshold);
            top.set(k);
            threshold.set(t);
        });
        ownCircuit = false;
        reextract();
    }

    /** The report with the shown circuit (its faithfulness only when it is the report's own). */
    public CircuitReport shownReport() {
        CircuitReport r = report.get();
        Circuit c = shown.get();
        if (r == null || c == null) {
            return null;
        }
        return ownCircuit ? r : new CircuitReport(r.byPosition(), c, Double.NaN, r.curve());
    }

    /** The faithfulness line: the run's circuit, its rule, and the shown one when the user chose another. */
    public String summary() {
        CircuitReport r = report.get();
        Circuit c = shown.get();
        if (r == null || c == null) {
            return "No circuit yet: choose a method and press Find circuit, or open a circuit.json";
        }
        String run = String.format(Locale.ROOT, "%s: %d edges, faithfulness %s; %s", r.scores().method(),
                r.circuit().edges().size(), Double.isNaN(r.faithfulness()) ? "not measured"
                        : String.format(Locale.ROOT, "%.3f", r.faithfulness()), r.circuit().rule());
        return ownCircuit ? run : String.format(Locale.ROOT, "Shown: %d edges (%s). Found: %s", c.edges().size(),
                c.rule(), run);
    }

    /** Opens a circuit.json (with the edges.csv beside it when there is one) off the JavaFX thread. */
    public CompletableFuture<CircuitReport> open(Path file) {
        return ctx.files().run("Open circuit", () -> CircuitFiles.read(file), r -> {
            report.set(r);
            ctx.message().accept("Opened " + file + ": " + r.circuit().edges().size() + " edges");
        }, onError);
    }

    /**
     * Saves the shown circuit as {@code file} (JSON) with every scored edge beside it ({@link CircuitFiles#edgesBeside}),
     * so that the file opens again with the same edges and can be chosen from again.
     */
    public CompletableFuture<Path> save(Path file) {
        CircuitReport r = shownReport();
        if (r == null) {
            throw new IllegalStateException("no circuit to save");
        }
        return ctx.files().run("Save circuit", () -> {
            CircuitFiles.writeEdges(CircuitFiles.edgesBeside(file), r.byPosition().values());
            CircuitFiles.writeCircuit(file, r);
            return file;
        }, f -> ctx.message().accept("Circuit saved: " + f), onError);
    }

    /** Why the shown circuit's components cannot be picked on the open model, or null when they can. */
    public String whyNotPickable() {
        LocusModel model = session.model.get();
        Circuit c = shown.get();
        if (model == null) {
            return "Open a model first";
        }
        if (c == null) {
            return "No circuit shown";
        }
        return c.layout().equals(CircuitLayout.of(model.config())) ? null
                : "This circuit is of another model's shape (" + c.layout().layers() + " layers x "
                + c.layout().heads() + " heads)";
    }

    /** The shown circuit as a selection ("circuit"), which becomes the one shown on the heatmaps. */
    public Selection useAsSelection() {
        String why = whyNotPickable();
        if (why != null) {
            throw new IllegalStateException(why);
        }
        Selection s = CircuitSelection.of(shown.get(), session.model.get().components());
        session.selections.put(s.strategy(), s);
        session.selection.set(s);
        return s;
    }
}
