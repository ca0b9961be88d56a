package dev.locus.ui.controls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What every chart of the workbench shows, in plain words for a class: a one-line caption under the chart (and under
 * an exported figure when asked) and a few sentences of help behind its "?" (how to read it, what to notice). Keyed
 * by the chart's kind; a chart's file name is its kind or starts with it ("bars-mcq" is a "bars" chart, so the caption
 * follows the chart when its format changes).
 */
public final class ChartCaptions {
    /** A chart's caption (one line) and help (two or three sentences). */
    public record Caption(String caption, String help) {
    }

    private static final Map<String, Caption> CAPTIONS = new LinkedHashMap<>();

    static {
        // Results
        add("bars", "Accuracy before (grey dashed line) and after each edit (bars): forget error and edit accuracy"
                + " should rise, maintain accuracy and general questions should stay at the line.",
                "Each group is one measure and each bar one localization method, all editing the same facts. The grey"
                + " dashed line is the unedited model. A good edit raises forget error and edit accuracy (the edited"
                + " athletes now get their new sport) while the other athletes (maintain) and general questions keep"
                + " their accuracy.");
        add("radar", "The edit's four scores at once, 0 at the centre and 1 at the tips: the further out on every"
                + " axis, the better; the dashed grey shape is the unedited model.",
                "Each axis is one score after the edit: general questions, edit accuracy, maintain accuracy and edit"
                + " accuracy in multiple choice. A method whose shape reaches far on every axis edited the facts and"
                + " kept the rest. A shape that caves in on one axis shows what that edit broke.");
        add("relearn", "The relearning attack: forget accuracy on held-out edited facts while the model is retrained"
                + " on the others; lower is better, a curve that climbs back means the fact was only hidden.",
                "After the edit, an attacker fine-tunes the model for a few steps on half of the edited facts with"
                + " their true answers. The curves show how much of the other, held-out half comes back without being"
                + " trained on. An edit that removed the fact stays low; one that only suppressed the answer climbs"
                + " back toward the unedited model.");
        add("probes-true", "Can a probe still read each edited athlete's true sport from the model's layers after the"
                + " edit? Lower is better: the old fact is gone from inside, not just from the answer.",
                "A probe is a small classifier trained on the model's activations at one layer. If it still finds the"
                + " original sport of the edited athletes, the knowledge is still inside the model even though the"
                + " output changed. Look at the layers after the lookup: there a thorough edit leaves little of the old"
                + " sport.");
        add("probes-edit", "Can a probe read the new, edited sport from the model's layers? Higher means the edit"
                + " changed what the model represents, not only what it says.",
                "The same kind of probe, now asked for the sport each athlete was edited to. A curve that"
                + " rises early shows the edit changed the lookup itself. A curve that only rises at the last layers"
                + " shows an edit that patched the answer on its way out.");
        add("soft-prompt", "The soft-prompt attack: accuracy while a trained prompt tries to bring the true answers"
                + " back; low forget accuracy means the edit resists it.",
                "An attacker trains a few virtual tokens, put before every question, to make the edited model give the"
                + " true answers of half of the edited facts, then reads the other half. Low forget accuracy with the"
                + " prompt means the fact stays gone; maintain accuracy shows the prompt did not just break the model.");
        // Localize
        add("probe-curves", "Where the fact becomes readable: probe accuracy per layer on held-out facts; the layers"
                + " where it jumps are where the model looks the fact up.",
                "A probe is a small classifier that reads the sport from the model's activations at one layer. On the"
                + " subject alone, the layer where it jumps is where the athlete's name is turned into the sport:"
                + " the fact lookup that FLU edits. The full-prompt curves show where the answer travels after that.");
        add("heatmap", "How much each attention head and MLP matters for recalling the fact: red cells carry the"
                + " answer, blue ones work against it, white ones do not matter.",
                "One row per layer, one cell per component, scored by the localization method chosen. The strongest"
                + " red cells are what an output-tracing selection (OT) edits. Outlines show the selection shown, and"
                + " the one compared with it dashed.");
        add("tracing", "Causal tracing by layer and token position: red cells are where restoring the clean"
                + " activation brings the answer back, so the fact travels there.",
                "The subject is corrupted (with noise or another subject), then one layer at one position is restored to its clean value."
                + " Red at the subject's last token in early layers is the lookup; red at the final token in late layers"
                + " is the answer being read out.");
        // Edit, Model, Sweeps
        add("edit-loss", "The forget loss of each edit, step by step while it trains: it falls as the edit takes"
                + " hold.",
                "One line per method of the queue, in its color. A loss that falls fast and flattens means the edited"
                + " components can carry the change. One that stays high means the selection cannot reach the fact.");
        add("next-token-probabilities", "The model's most likely next tokens for the prompt, with their"
                + " probabilities.",
                "The bars are the model's own prediction for the token after the prompt, most likely on top. For a"
                + " fact prompt, the right sport should lead; after an edit, the new one.");
        add("sweep", "Each trial of the sweep by learning rate: forget accuracy (solid, lower is better) and maintain"
                + " accuracy (dashed, should stay above the grey floor).",
                "A trial edits at one learning rate. The best rate forgets most while its maintain accuracy stays above"
                + " the grey floor; higher rates forget more but start to break other facts.");
    }

    private ChartCaptions() {
    }

    private static void add(String key, String caption, String help) {
        CAPTIONS.put(key, new Caption(caption, help));
    }

    /** Every chart kind that has a caption. */
    public static Set<String> keys() {
        return java.util.Collections.unmodifiableSet(CAPTIONS.keySet());
    }

    /** The caption of a chart kind, or null when it has none. */
    public static Caption of(String key) {
        return CAPTIONS.get(key);
    }

    /**
     * The chart kind of a chart's file name: the name itself when it is a kind, else the longest kind it starts with
     * followed by '-' ("bars-mcq" is "bars", "soft-prompt-standard" is "soft-prompt"); null when none.
     */
    public static String keyOf(String name) {
        if (name == null) {
            return null;
        }
        if (CAPTIONS.containsKey(name)) {
            return name;
        }
        String best = null;
        for (String key : CAPTIONS.keySet()) {
            if (name.startsWith(key + "-") && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        return best;
    }
}
