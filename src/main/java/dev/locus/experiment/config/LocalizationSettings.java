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
 */
public record LocalizationSettings(String format, int prompts, LayerRange fluLayers, double fluRise,
        double fluPlateau, AttributionPatching attributionPatching, CausalTracing causalTracing, String budgetRule,
        String randomUnits) {
    /** The budget rules ({@code budget_rule}). */
    public static final List<String> BUDGET_RULES = List.of("prefix", "fit");
    /** What random draws ({@code random_units}). */
    public static final List<String> RANDOM_UNITS = List.of("matrices", "layers");


    /** The corruptions (as in {@code locus localize --corruption}). */
    public static final List<String> CORRUPTIONS = List.of("subject-swap", "random-tokens", "noise");
    /** The metrics (as in {@code locus localize --metric}). */
    public static final List<String> METRICS = List.of("logit-diff", "prob");

    static final List<String> FIELDS = List.of("format", "prompts", "flu_layers", "flu_rise", "flu_plateau",
            "attribution_patching", "causal_tracing", "budget_rule", "random_units");

    /** Every field at its default. */
    public static final LocalizationSettings DEFAULTS = new LocalizationSettings("standard", 0, null, 0.1, 0.95,
            AttributionPatching.DEFAULTS, CausalTracing.DEFAULTS, "prefix", "matrices");

    public LocalizationSettings {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(attributionPatching, "attributionPatching");
        Objects.requireNonNull(causalTracing, "causalTracing");
        Objects.requireNonNull(budgetRule, "budgetRule");
        Objects.requireNonNull(randomUnits, "randomUnits");
    }

    /** These settings on another prompt format. */
    public LocalizationSettings withFormat(String f) {
        return new LocalizationSettings(f, prompts, fluLayers, fluRise, fluPlateau, attributionPatching, causalTracing,
                budgetRule, randomUnits);
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

        public static final AttributionPatching DEFAULTS = new AttributionPatching(2, "subject-swap", "logit-diff");

        public AttributionPatching {
            Objects.requireNonNull(corruption, "corruption");
            Objects.requireNonNull(metric, "metric");
        }

        static AttributionPatching read(JsonObject o) {
            return new AttributionPatching(o.whole("ig_steps", DEFAULTS.igSteps, 1, Integer.MAX_VALUE),
                    o.choice("corruption", DEFAULTS.corruption, CORRUPTIONS),
                    o.choice("metric", DEFAULTS.metric, METRICS));
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

        public static final CausalTracing DEFAULTS = new CausalTracing("noise", "3sd", 1, "prob");

        public CausalTracing {
            Objects.requireNonNull(corruption, "corruption");
            Objects.requireNonNull(noise, "noise");
            Objects.requireNonNull(metric, "metric");
        }

        static CausalTracing read(JsonObject o) {
            return new CausalTracing(o.choice("corruption", DEFAULTS.corruption, CORRUPTIONS), noise(o),
                    o.whole("window", DEFAULTS.window, 1, Integer.MAX_VALUE),
                    o.choice("metric", DEFAULTS.metric, METRICS));
        }

        private static String noise(JsonObject o) {
            JsonNode n = o.get("noise");
            if (n == null) {
                return DEFAULTS.noise;
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
        return new LocalizationSettings(o.nonBlank("format", DEFAULTS.format),
                o.whole("prompts", DEFAULTS.prompts, 0, Integer.MAX_VALUE),
                layers(o),
                o.number("flu_rise", DEFAULTS.fluRise, Bound.UNIT),
                o.number("flu_plateau", DEFAULTS.fluPlateau, Bound.UNIT),
                AttributionPatching.read(o.objectOrEmpty("attribution_patching").known(AttributionPatching.FIELDS)),
                CausalTracing.read(o.objectOrEmpty("causal_tracing").known(CausalTracing.FIELDS)),
                o.choice("budget_rule", DEFAULTS.budgetRule, BUDGET_RULES),
                o.choice("random_units", DEFAULTS.randomUnits, RANDOM_UNITS));
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
        return n;
    }
}
