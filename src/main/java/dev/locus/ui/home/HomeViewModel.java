package dev.locus.ui.home;

import dev.locus.data.Dataset;
import dev.locus.data.Split;
import dev.locus.model.LocusModel;
import dev.locus.ui.edit.FinishedComparison;
import dev.locus.ui.edit.PaperComparison;
import dev.locus.ui.model.ModelViewModel;
import dev.locus.ui.runs.BundledComparison;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;

/**
 * The Home panel's state: what the session holds (model, data) in a sentence each, the six steps of the workflow
 * with the panel each opens, and the one-click paper comparison.
 */
public final class HomeViewModel {

    /** One step of the workflow: its number, the panel it opens, what it does. */
    public record Step(int number, String panel, String title, String text) {
    }

    /** The workflow, in the order the navigation lists the panels. */
    public static final List<Step> STEPS = List.of(
            new Step(1, "Model", "Open a model",
                    "The bundled Sports World model is loaded. Open any Hugging Face model folder and try prompts."),
            new Step(2, "Data", "Choose the facts",
                    "Pick a dataset and the facts to forget or edit; preview every prompt format and check accuracy."),
            new Step(3, "Localize", "Find where the fact lives",
                    "Causal tracing, activation and attribution patching, and probes, as heatmaps and curves."),
            new Step(4, "Select", "Select components",
                    "Fact lookup (FLU), output tracing (OT), random or all MLPs: pick what the edit may change."),
            new Step(5, "Edit", "Edit or unlearn",
                    "Fine-tune only the selected weights, one method or a queue, with live loss curves."),
            new Step(6, "Results", "Check the edit holds",
                    "Before/after accuracy per format, relearning attacks, probes: does the fact come back?"));

    private final WorkbenchContext ctx;
    private final StringBinding modelStatus;
    private final StringBinding dataStatus;
    private final BooleanBinding ready;
    private final ComparisonProgress comparison;
    private final boolean finishedAvailable;

    public HomeViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        Session s = ctx.session();
        var jobs = ctx.thread().jobs();
        // Without jobs, a missing model or dataset is not "loading" but absent (a failed load says why elsewhere).
        modelStatus = Bindings.createStringBinding(() -> describe(s.model.get(), !jobs.isEmpty()), s.model, jobs);
        dataStatus = Bindings.createStringBinding(() -> describe(s.dataset.get(), s.split.get(), !jobs.isEmpty()),
                s.dataset, s.split, jobs);
        ready = s.model.isNotNull().and(s.split.isNotNull());
        comparison = new ComparisonProgress(s.liveRuns, BundledComparison.config().methods());
        finishedAvailable = FinishedComparison.available();
    }

    /** The paper comparison while it waits or runs (from any panel), as Home's button shows it. */
    ComparisonProgress comparison() {
        return comparison;
    }

    /** Whether this build ships the comparison's finished run (else only the live run is offered). */
    public boolean finishedAvailable() {
        return finishedAvailable;
    }

    /** "Sports World: llama, 8 layers x 4 heads, on cpu", or that it is still loading. */
    public StringBinding modelStatus() {
        return modelStatus;
    }

    /** "sports: 576 facts, forget 64 (random:64:seed=0)", or that it is still loading. */
    public StringBinding dataStatus() {
        return dataStatus;
    }

    /** Whether both model and data are loaded, so that the steps can start. */
    public BooleanBinding ready() {
        return ready;
    }

    /** Shows the panel of a step. */
    public void open(Step step) {
        ctx.navigate().accept(step.panel());
    }

    /** Starts the bundled FLU-vs-OT comparison; its progress shows in the job list, its results on Results. */
    public void runPaperComparison() {
        PaperComparison.start(ctx);
    }

    /** Shows the bundled comparison's finished run on Results, at once (the shipped run folder beside the model). */
    public java.util.concurrent.CompletableFuture<FinishedComparison.Loaded> showFinishedComparison() {
        return FinishedComparison.show(ctx);
    }

    static String describe(LocusModel m, boolean busy) {
        if (m == null) {
            return busy ? "Model: loading..." : "Model: none loaded; open one on the Model panel";
        }
        var c = m.config();
        String name = m.folder() == null ? "in-memory model"
                : ModelViewModel.isBundled(m.folder()) ? "Sports World (bundled)" : m.folder().getFileName().toString();
        return String.format(Locale.ROOT, "Model: %s, %s, %d layers x %d heads, on %s", name, c.architecture(),
                c.nLayers(), c.nHeads(), m.deviceName());
    }

    static String describe(Dataset d, Split split, boolean busy) {
        if (d == null || split == null) {
            return busy ? "Data: loading..." : "Data: none loaded; choose facts on the Data panel";
        }
        return String.format(Locale.ROOT, "Data: %s, %d facts, %d to forget, %d to maintain", d.name(), d.facts().size(),
                split.forget().size(), split.maintain().size());
    }
}
