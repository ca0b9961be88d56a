package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import java.util.List;
import java.util.Objects;

/**
 * How the {@code circuit} method finds its circuit: the config's {@code "localization": {"circuit": {...}}} object, as
 * {@code locus circuit} takes it. The circuit's heads and MLPs are the method's selection.
 *
 * @param method eap, eap-ig or edge-patching
 * @param igSteps eap-ig's interpolation steps
 * @param top the top k edges (0: not this rule)
 * @param threshold edges with |normalized score| at least this (NaN: not this rule)
 * @param faithfulness the smallest top-k circuit keeping this share (NaN: not this rule; the rule when none is given)
 */
public record CircuitSettings(String method, int igSteps, int top, double threshold, double faithfulness,
                              String corruption, String metric) {
    public static final List<String> METHODS = List.of("eap", "eap-ig", "edge-patching");
    static final List<String> FIELDS = List.of("method", "ig_steps", "top", "threshold", "faithfulness", "corruption",
            "metric");
    /** EAP-IG with Hanna et al.'s 5 steps, the circuit keeping 80% faithfulness, subject swap, logit difference. */
    public static final CircuitSettings DEFAULTS = new CircuitSettings("eap-ig", 5, 0, Double.NaN, 0.8,
            "subject-swap", "logit-diff");

    public CircuitSettings {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(corruption, "corruption");
        Objects.requireNonNull(metric, "metric");
    }

    static CircuitSettings read(JsonObject o) {
        CircuitSettings d = DEFAULTS;
        int rules = (o.has("top") ? 1 : 0) + (o.has("threshold") ? 1 : 0) + (o.has("faithfulness") ? 1 : 0);
        if (rules > 1) {
            throw o.error("choose the circuit by one of top, threshold or faithfulness, not " + rules);
        }
        boolean byRule = rules == 1;
        return new CircuitSettings(o.choice("method", d.method, METHODS),
                o.whole("ig_steps", d.igSteps, 1, Integer.MAX_VALUE),
                o.whole("top", 0, 1, Integer.MAX_VALUE),
                o.has("threshold") ? o.number("threshold", Bound.AT_LEAST_ZERO) : Double.NaN,
                o.has("faithfulness") ? o.number("faithfulness", Bound.UNIT) : byRule ? Double.NaN : d.faithfulness,
                o.choice("corruption", d.corruption, LocalizationSettings.CORRUPTIONS),
                o.choice("metric", d.metric, LocalizationSettings.METRICS));
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("method", method);
        n.put("ig_steps", igSteps);
        if (top > 0) {
            n.put("top", top);
        }
        if (!Double.isNaN(threshold)) {
            n.put("threshold", threshold);
        }
        if (!Double.isNaN(faithfulness)) {
            n.put("faithfulness", faithfulness);
        }
        n.put("corruption", corruption);
        n.put("metric", metric);
        return n;
    }
}
