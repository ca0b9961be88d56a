package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonArray;
import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How the components are localized: the config's {@code "localization"} object.
 *
 * @param format the prompt format the localizations run on
 * @param prompts how many forget prompts to localize on; 0 all of them
 * @param fluLayers the FLU MLP layers by hand, or null to find them from the probes
 * @param fluRise FLU starts at the first layer gaining this share of the probe's rise, in (0, 1]
 * @param fluPlateau FLU ends at the first layer reaching this share of the rise, in (0, 1]
 * @param budgetRule how OT and random spend FLU's parameter count: {@code prefix} (the paper's code: the ranked
 *     prefix up to and including the component that crosses it) or {@code fit} (only what fits, back-filled)
 * @param randomUnits what the random baseline draws: {@code matrices} (the paper) or whole {@code layers}
 * @param preset {@code paper} or {@code locus}: what the method blocks' absent fields default to (as {@code locus
 *     localize --preset}; src/docs/paper.md §3.1-3.2)
 * @param fluMethod how FLU is found: {@code probes}, {@code path-patching} (the paper's CounterFact FLU) or
 *     {@code layers} (flu_layers by hand)
 * @param circuit how the {@code circuit} method finds its circuit; null when the config does not say (the defaults)
 */
public record LocalizationSettings(String format, int prompts, LayerRange fluLayers, double fluRise,
        double fluPlateau, AttributionPatching attributionPatching, CausalTracing causalTracing, String budgetRule,
        String randomUnits, String preset, String fluMethod, PathPatching pathPatching, CircuitSettings circuit) {
    /** The budget rules ({@code budget_rule}). */
    public static final List<String> BUDGET_RULES = List.of("prefix", "fit");
    /** What random draws ({@code random_units}). */
    public static final List<String> RANDOM_UNITS = List.of("matrices", "layers");

    /** The corruptions (as in {@code locus localize --corruption}). */
    public static final List<String> CORRUPTIONS = List.of("subject-swap", "random-tokens", "random-ascii", "noise");
    /** The metrics (as in {@code locus localize --metric}). */
    public static final List<String> METRICS = List.of("logit-diff", "prob", "full-vocab-prob");
    /** The presets (as in {@code locus localize --preset}); the first is the default. */
    public static final List<String> PRESETS = List.of("paper", "locus");
    /** How FLU is found. */
    public static final List<String> FLU_METHODS = List.of("probes", "path-patching", "layers");

    static final List<String> FIELDS = List.of("format", "prompts", "flu_layers", "flu_rise", "flu_plateau",
            "attribution_patching", "causal_tracing", "budget_rule", "random_units", "preset", "flu_method",
            "path_patching", "circuit");

    /** Every field at its default. */
    public static final LocalizationSettings DEFAULTS = new LocalizationSettings("standard", 0, null, 0.1, 0.95,
            AttributionPatching.defaults("paper"), CausalTracing.defaults("paper"), "prefix", "matrices", "paper",
            "probes", PathPatching.defaults("paper"), null);

    public LocalizationSettings {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(attributionPatching, "attributionPatching");
        Objects.requireNonNull(causalTracing, "causalTracing");
        Objects.requireNonNull(budgetRule, "budgetRule");
        Objects.requireNonNull(randomUnits, "randomUnits");
        Objects.requireNonNull(preset, "preset");
        Objects.requireNonNull(fluMethod, "fluMethod");
        Objects.requireNonNull(pathPatching, "pathPatching");
    }

    /** The same settings localizing in {@code other} format. */
    public LocalizationSettings withFormat(String other) {
        return new LocalizationSettings(other, prompts, fluLayers, fluRise, fluPlateau, attributionPatching,
                causalTracing, budgetRule, randomUnits, preset, fluMethod, pathPatching, circuit);
    }

    /** The circuit method's settings: the config's, or the defaults. */
    public CircuitSettings circuitOrDefault() {
        return circuit != null ? circuit : CircuitSettings.DEFAULTS;
    }

    private static boolean paper(String preset) {
        return preset.equals("paper");
    }

    /**
     * Path patching's settings (src/docs/paper.md §3.1).
     *
     * @param topHeads extraction heads: the top heads by direct effect on the logits
     * @param mlpThreshold an MLP joins FLU when its |normalized effect| exceeds it
     */
    public record PathPatching(int topHeads, double mlpThreshold, String corruption) {
        static final List<String> FIELDS = List.of("top_heads", "mlp_threshold", "corruption");

        public PathPatching {
            Objects.requireNonNull(corruption, "corruption");
        }

        /** The paper's: 10 heads, 0.02, random ASCII tokens; locus swaps subjects. */
        public static PathPatching defaults(String preset) {
            return new PathPatching(10, 0.02, paper(preset) ? "random-ascii" : "subject-swap");
        }

        static PathPatching read(JsonObject o, String preset) {
            PathPatching d = defaults(preset);
            return new PathPatching(o.whole("top_heads", d.topHeads, 1, Integer.MAX_VALUE),
                    o.number("mlp_threshold", d.mlpThreshold, Bound.AT_LEAST_ZERO),
                    o.choice("corruption", d.corruption, CORRUPTIONS));
        }

        ObjectNode toJson() {
            ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
            n.put("top_heads", topHeads);
            n.put("mlp_threshold", mlpThreshold);
            n.put("corruption", corruption);
            return n;
        }
    }

    /** Layers from..to, both included. */
    public record LayerRange(int from, int to) {
        public LayerRange {
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("layer range " + from + ".." + to);
            }
        }
    }

    /**
     * Attribution patching's settings.
     *
     * @param igSteps points between corrupted and clean embeddings the gradient is averaged over; 1 is plain
     *     attribution patching
     */
    public record AttributionPatching(int igSteps, String corruption, String metric) {
        static final List<String> FIELDS = List.of("ig_steps", "corruption", "metric");

        /** The paper's: plain gradients and random ASCII tokens; locus: 2 integrated-gradient steps, subject swap. */
        public static AttributionPatching defaults(String preset) {
            return paper(preset) ? new AttributionPatching(1, "random-ascii", "logit-diff")
                    : new AttributionPatching(2, "subject-swap", "logit-diff");
        }

        public AttributionPatching {
            Objects.requireNonNull(corruption, "corruption");
            Objects.requireNonNull(metric, "metric");
        }

        static AttributionPatching read(JsonObject o, String preset) {
            AttributionPatching d = defaults(preset);
            return new AttributionPatching(o.whole("ig_steps", d.igSteps, 1, Integer.MAX_VALUE),
                    o.choice("corruption", d.corruption, CORRUPTIONS),
                    o.choice("metric", d.metric, METRICS));
        }

        ObjectNode toJson() {
            ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
            n.put("ig_steps", igSteps);
            n.put("corruption", corruption);
            n.put("metric", metric);
            return n;
        }
    }

    /**
     * Causal tracing's settings.
     *
     * @param noise the noise's standard deviation: {@code 3sd} (ROME), {@code sqrt3sd} (the paper's code) or a
     *     positive number, as text
     * @param window layers restored together
     */
    public record CausalTracing(String corruption, String noise, int window, String metric) {
        static final List<String> FIELDS = List.of("corruption", "noise", "window", "metric");

        /** The paper's: sqrt(3 sd) per-prompt noise, full-vocabulary P(answer); locus: ROME's 3 sd, P among candidates. */
        public static CausalTracing defaults(String preset) {
            return paper(preset) ? new CausalTracing("noise", "sqrt3sd", 1, "full-vocab-prob")
                    : new CausalTracing("noise", "3sd", 1, "prob");
        }

        public CausalTracing {
            Objects.requireNonNull(corruption, "corruption");
            Objects.requireNonNull(noise, "noise");
            Objects.requireNonNull(metric, "metric");
        }

        static CausalTracing read(JsonObject o, String preset) {
            CausalTracing d = defaults(preset);
            return new CausalTracing(o.choice("corruption", d.corruption, CORRUPTIONS), noise(o, d.noise),
                    o.whole("window", d.window, 1, Integer.MAX_VALUE),
                    o.choice("metric", d.metric, METRICS));
        }

        private static String noise(JsonObject o, String fallback) {
            JsonNode n = o.get("noise");
            if (n == null) {
                return fallback;
            }
            String text = n.isNumber() ? n.asText() : n.isTextual() ? n.textValue().strip() : null;
            if (text != null) {
                String lower = text.toLowerCase(Locale.ROOT);
                if (lower.equals("3sd") || lower.equals("sqrt3sd")) {
                    return lower;
                }
                try {
                    double v = Double.parseDouble(text);
                    if (v > 0 && Double.isFinite(v)) {
                        return text;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw o.error("noise", "expected \"3sd\", \"sqrt3sd\" or a number above 0, got "
                    + JsonObject.describe(n));
        }

        ObjectNode toJson() {
            ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
            n.put("corruption", corruption);
            n.put("noise", noise);
            n.put("window", window);
            n.put("metric", metric);
            return n;
        }
    }

    static LocalizationSettings read(JsonObject o) {
        String preset = o.choice("preset", DEFAULTS.preset, PRESETS);
        LayerRange layers = layers(o);
        String fluMethod = o.choice("flu_method", layers != null ? "layers" : DEFAULTS.fluMethod, FLU_METHODS);
        if (fluMethod.equals("layers") && layers == null) {
            throw o.error("flu_method", "\"layers\" needs flu_layers, such as [2, 7]");
        }
        if (!fluMethod.equals("layers") && layers != null) {
            throw o.error("flu_layers", "given, but flu_method is \"" + fluMethod + "\"; flu_layers needs flu_method "
                    + "\"layers\" (or no flu_method)");
        }
        return new LocalizationSettings(o.nonBlank("format", DEFAULTS.format),
                o.whole("prompts", DEFAULTS.prompts, 0, Integer.MAX_VALUE),
                layers,
                o.number("flu_rise", DEFAULTS.fluRise, Bound.UNIT),
                o.number("flu_plateau", DEFAULTS.fluPlateau, Bound.UNIT),
                AttributionPatching.read(o.objectOrEmpty("attribution_patching").known(AttributionPatching.FIELDS), preset),
                CausalTracing.read(o.objectOrEmpty("causal_tracing").known(CausalTracing.FIELDS), preset),
                o.choice("budget_rule", DEFAULTS.budgetRule, BUDGET_RULES),
                o.choice("random_units", DEFAULTS.randomUnits, RANDOM_UNITS),
                preset, fluMethod,
                PathPatching.read(o.objectOrEmpty("path_patching").known(PathPatching.FIELDS), preset),
                o.has("circuit") ? CircuitSettings.read(o.object("circuit").known(CircuitSettings.FIELDS)) : null);
    }

    private static LayerRange layers(JsonObject o) {
        JsonNode n = o.get("flu_layers");
        if (n == null || n.isNull()) {
            return null;
        }
        JsonArray array = o.array("flu_layers", "null or [from, to] such as [2, 7]");
        if (array.size() != 2) {
            throw array.error("expected [from, to] such as [2, 7], got an array of " + array.size());
        }
        int from = array.whole(0, 0, Integer.MAX_VALUE);
        int to = array.whole(1, 0, Integer.MAX_VALUE);
        if (to < from) {
            throw array.error(1, "must be at least from (" + from + "), got " + to);
        }
        return new LayerRange(from, to);
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("format", format);
        n.put("prompts", prompts);
        if (fluLayers == null) {
            n.putNull("flu_layers");
        } else {
            n.putArray("flu_layers").add(fluLayers.from()).add(fluLayers.to());
        }
        n.put("flu_rise", fluRise);
        n.put("flu_plateau", fluPlateau);
        n.set("attribution_patching", attributionPatching.toJson());
        n.set("causal_tracing", causalTracing.toJson());
        n.put("budget_rule", budgetRule);
        n.put("random_units", randomUnits);
        n.put("preset", preset);
        n.put("flu_method", fluMethod);
        n.set("path_patching", pathPatching.toJson());
        if (circuit != null) {
            n.set("circuit", circuit.toJson());     // only when given: configs without it keep their ids
        }
        return n;
    }
}
