package dev.locus.ui.tour;

import dev.locus.localize.Localization;
import dev.locus.localize.method.Probes;
import dev.locus.localize.select.Selection;
import dev.locus.ui.edit.PaperComparison;
import dev.locus.ui.home.HomePanel;
import dev.locus.ui.localize.LocalizePanel;
import dev.locus.ui.results.ResultsPanel;
import dev.locus.ui.results.ResultsViewModel;
import dev.locus.ui.select.SelectPanel;
import dev.locus.ui.session.PanelHost;
import dev.locus.ui.session.Session;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The guided tour of the finding on the bundled Sports World model, over the bundled comparison's finished run: the
 * question, where the probe reads the sport, the tracing heatmap's lookup and extraction, FLU and OT side by side,
 * the before/after bars, relearning, the probes after editing, and what this run shows against the paper. Words that
 * depend on the run are made from its numbers when the step is shown.
 */
public final class Tour {
    /** The FLU and OT (causal-tracing) methods the tour compares: the run's method names. */
    static final String FLU = "flu";
    static final String OT = "causal-tracing";
    /** Relearned accuracies closer than this are called the same. */
    static final double SAME = 0.02;
    /** Results' chart panes and headline table (ids the Results panel gives them). */
    static final String TABLE_ID = "results-table";

    private Tour() {
    }

    /** The id of a Results chart pane, by its key in {@link ResultsViewModel#CHARTS}. */
    static String chart(String key) {
        return "chart-" + key;
    }

    /** The steps, their words made from what the session and Results hold now. */
    static List<TourStep> steps(PanelHost host) {
        Session s = host.context().session();
        ResultsViewModel results = ((ResultsPanel) host.panel("Results")).viewModel();
        return List.of(
                new TourStep("Home", HomePanel.QUESTION_ID, "The question",
                        "Locus finds where a model keeps a fact, edits it there, then attacks the edit to see whether the"
                        + " fact is really gone. This tour answers the question on the bundled Sports World model: do"
                        + " edits where facts are looked up (FLU) hold better than edits where output tracing (OT) points?"),
                new TourStep("Localize", LocalizePanel.PROBES_ID, "Where the sport becomes readable",
                        probeText(probeRows(s))),
                new TourStep("Localize", LocalizePanel.POSITIONS_ID, "Lookup and extraction",
                        "Each cell is how much restoring one layer at one token brings the right sport back: bright cells"
                        + " at the subject's tokens in the early layers are the lookup. Bright cells at the final token in"
                        + " later layers are the extraction that carries the sport to where it is said, and OT edits"
                        + " where causal tracing scores highest.", () -> showTracing(host)),
                new TourStep("Select", SelectPanel.COMPARISON_ID, "FLU and OT side by side",
                        "A is FLU's selection, the MLPs of the lookup; B is causal tracing's (OT), its top components"
                        + " spending the same number of parameters. The grid shows by layer what both edit and what only"
                        + " one of them does.", () -> compareFluWithOt(s)),
                new TourStep("Results", chart("bars"), "Before and after the edit",
                        "Each group of bars is one measure after each method's edit, the dashed line the unedited model,"
                        + " and the arrows say which way is better. Forget error and edit accuracy show whether the edit"
                        + " took; maintain accuracy and the general questions show whether the rest of the model was spared."),
                new TourStep("Results", chart("relearn"), "Does the fact come back?",
                        "Each edited model is fine-tuned a little on half of the forgotten facts, and the curves follow"
                        + " its accuracy on the other half. A curve that climbs back means the edit hid the fact rather"
                        + " than removed it: lower is better."),
                new TourStep("Results", chart("probes-true"), "Can a probe still read the true sport?",
                        "A linear probe is trained at every layer of each edited model to read the athlete's true sport."
                        + " Where it still reads it, the fact is still inside the model whatever the output says: lower"
                        + " is better."),
                new TourStep("Results", TABLE_ID, "What the bundled model shows",
                        conclusion(relearned(results.table()))));
    }

    /** Localize shows causal tracing's result, so that its summary line is the heatmap's, when the session has it. */
    private static void showTracing(PanelHost host) {
        if (host.context().session().localizations.containsKey(OT)) {
            ((LocalizePanel) host.panel("Localize")).viewModel().method.set(OT);
        }
    }

    /** Shows FLU as A and causal tracing's selection as B in Select, when the session has both. */
    private static void compareFluWithOt(Session s) {
        Selection flu = s.selections.get(FLU);
        Selection ot = s.selections.get(OT);
        if (flu != null && ot != null) {
            s.selection.set(flu);
            s.comparison.set(ot);
        }
    }

    /** The probe curve of the session's probes localization (the finished run's FLU probes), or of any that has one. */
    static List<Probes.Row> probeRows(Session s) {
        Localization.Result probes = s.localizations.get(Localization.Method.PROBES.text());
        if (probes != null && !probes.probes().isEmpty()) {
            return probes.probes();
        }
        return s.localizations.values().stream().filter(r -> !r.probes().isEmpty()).map(Localization.Result::probes)
                .findFirst().orElse(List.of());
    }

    /**
     * Where the probe at the subject's last token reads the sport: the first layer reaching 90% of the curve's best
     * accuracy, with the accuracy there, before it and by chance, as measured.
     */
    static String probeText(List<Probes.Row> rows) {
        String look = "Follow the full prompt's curve at the subject's last token: a linear probe there reads the"
                + " athlete's sport from the layer where the model looks it up.";
        List<Probes.Row> curve = rows.stream().filter(r -> r.position().equals("subject-last"))
                .filter(r -> r.input().equals("prompt") || rows.stream().noneMatch(x -> x.input().equals("prompt")
                        && x.position().equals("subject-last")))
                .sorted(Comparator.comparingInt(Probes.Row::layer)).toList();
        if (curve.isEmpty()) {
            return look + " FLU edits the MLPs up to that layer; this session has no probe curve yet.";
        }
        double best = curve.stream().mapToDouble(Probes.Row::accuracy).max().orElse(0);
        int at = 0;
        while (at < curve.size() - 1 && curve.get(at).accuracy() < 0.9 * best) {
            at++;
        }
        Probes.Row row = curve.get(at);
        String before = at == 0 ? "" : String.format(Locale.ROOT, ", up from %.0f%%", 100 * curve.get(at - 1).accuracy());
        return look + String.format(Locale.ROOT, " Here it reaches %.0f%% %s%s (chance %.0f%%), so FLU edits the MLPs"
                + " up to there.", 100 * row.accuracy(), row.layer() < 0 ? "in the embeddings" : "after layer " + row.layer(),
                before, 100 * row.chance());
    }

    /** The bundled model's explanation of OT holding better ({@link PaperComparison#FINDING}), from its reason on. */
    static String why() {
        String finding = PaperComparison.FINDING;
        int reason = finding.indexOf("the reason is ");
        return reason < 0 ? "On the bundled model: " + finding : "The reason is " + finding.substring(reason + 14);
    }

    /** Each method's accuracy on the held-out forget facts after the relearning attack, from Results' table. */
    static Map<String, Double> relearned(List<ResultsViewModel.TableRow> table) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (ResultsViewModel.TableRow r : table) {
            Double v = r.values().get("relearned");
            if (v != null && !v.isNaN()) {
                out.put(r.method(), v);
            }
        }
        return out;
    }

    /**
     * The answer as this run measured it: FLU's and OT's relearned accuracy (lower: the edit held), which held better,
     * how that compares with the paper (where FLU held better), and the bundled model's explanation when it is about
     * this outcome.
     */
    /** The paper's relearned accuracies after 20 steps, the mean of its three models and two forget sizes (src/docs/paper.md §6.1). */
    static final String PAPER = "20% for FLU, 47% for causal tracing, the mean of its three models and two forget sizes";

    static String conclusion(Map<String, Double> relearned) {
        Double flu = relearned.get(FLU);
        Double ot = relearned.get(OT);
        if (flu == null || ot == null) {
            return "This run has no relearning numbers for both FLU and causal tracing, so it cannot answer the question"
                    + " yet. The table lists what it has; run the comparison live for the whole answer.";
        }
        String measured = String.format(Locale.ROOT, "Measured on this run: after the relearning attack, the held-out"
                + " forgotten facts come back to %.0f%% accuracy where FLU's components were edited and to %.0f%% where"
                + " causal tracing's were (lower means the edit held).", 100 * flu, 100 * ot);
        if (Math.abs(flu - ot) < SAME) {
            return measured + " The two hold about equally here; in the paper FLU's edits held clearly better (" + PAPER
                    + ").";
        }
        if (flu < ot) {
            return measured + " FLU's edit held better, as in the paper (" + PAPER + "), where the lookup spans several"
                    + " MLPs.";
        }
        return measured + " Causal tracing's edit held better here, the opposite of the paper (" + PAPER + "). " + why();
    }
}
