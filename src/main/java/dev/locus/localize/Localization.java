package dev.locus.localize;

import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.PromptFormat;
import dev.locus.data.Split;
import dev.locus.localize.method.ActivationPatching;
import dev.locus.localize.method.AttributionPatching;
import dev.locus.localize.method.CausalTracing;
import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.PathPatching;
import dev.locus.localize.method.Probes;
import dev.locus.localize.method.Progress;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One localization as a user asks for it (the {@code localize} command, the workbench's Localize panel): run a
 * method on the forget facts, find FLU from probes on the maintain facts (or take it by hand), make every selection
 * the scores allow, and write it all to a folder.
 */
public final class Localization {
    /** The localization methods, by the names that the command line, configs and files use. */
    public enum Method {
        CAUSAL_TRACING("causal-tracing"), ACTIVATION_PATCHING("activation-patching"),
        ATTRIBUTION_PATCHING("attribution-patching"), PATH_PATCHING("path-patching"), PROBES("probes");

        private final String text;

        Method(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        /** The method named {@code text}; anything else is a LocusException listing the names. */
        public static Method parse(String text) {
            for (Method m : values()) {
                if (m.text.equals(text)) {
                    return m;
                }
            }
            throw new LocusException("method '" + text + "' not understood; expected one of " + String.join(", ", names()));
        }

        public static List<String> names() {
            return Arrays.stream(values()).map(Method::text).toList();
        }
    }

    /**
     * What to run: {@link #of} a method with every option at its {@link Preset}'s value (the paper's unless
     * {@link #withPreset} says otherwise), then {@code withX} for the others.
     *
     * @param preset the settings a null or 0 option takes
     * @param corruption null for the preset's (causal tracing: noise; otherwise random-ascii or subject-swap)
     * @param metric null for the preset's
     * @param denoise activation patching's direction
     * @param perPosition activation patching at each position class too
     * @param igSteps attribution patching's gradient steps (1: plain; 0: the preset's)
     * @param window causal tracing's window of layers
     * @param prompts use only the first n forget prompts (0: all)
     * @param seed corruption and random selections
     * @param fluLayers FLU MLP layers {from, to} given by hand, or null to find them with probes (path patching finds
     *     its own)
     * @param pathPatching path patching's settings
     * @param promptsPerPass prompts each method runs through the model at once (its chunks; 0: {@link #PROMPTS_PER_PASS}):
     *     sets the activations' peak memory, not the scores
     */
    public record Request(Method method, Preset preset, Corruption corruption, Metric metric, boolean denoise,
            boolean perPosition, int igSteps, int window, int prompts, long seed, int[] fluLayers,
            Strategies.FluRule fluRule, Probes.Options probes, PathPatching.Options pathPatching, int promptsPerPass) {
        /** Prompts per forward pass when the request does not say: what the methods held at once before it could. */
        public static final int PROMPTS_PER_PASS = 64;

        public Request {
            Objects.requireNonNull(method, "method");
            preset = preset == null ? Preset.PAPER : preset;
            fluRule = fluRule == null ? Strategies.FluRule.defaults() : fluRule;
            probes = probes == null ? Probes.Options.defaults() : probes;
            pathPatching = pathPatching == null ? PathPatching.Options.defaults() : pathPatching;
        }

        /** The method with the paper's preset, noising, window 1, all prompts, seed 0, FLU from probes. */
        public static Request of(Method method) {
            return new Request(method, Preset.PAPER, null, null, false, false, 0, 1, 0, 0, null, null, null, null, 0);
        }

        private Request with(Preset p, Corruption c, Metric m, boolean d, boolean pp, int ig, int w, int n, long s,
                             int[] flu, Strategies.FluRule rule, Probes.Options o, PathPatching.Options path) {
            return new Request(method, p, c, m, d, pp, ig, w, n, s, flu, rule, o, path, promptsPerPass);
        }

        public Request withPreset(Preset p) {
            return with(p, corruption, metric, denoise, perPosition, igSteps, window, prompts, seed, fluLayers, fluRule, probes, pathPatching);
        }

        public Request withCorruption(Corruption c) {
            return with(preset, c, metric, denoise, perPosition, igSteps, window, prompts, seed, fluLayers, fluRule, probes, pathPatching);
        }

        public Request withMetric(Metric m) {
            return with(preset, corruption, m, denoise, perPosition, igSteps, window, prompts, seed, fluLayers, fluRule, probes, pathPatching);
        }

        public Request withDenoise(boolean d) {
            return with(preset, corruption, metric, d, perPosition, igSteps, window, prompts, seed, fluLayers, fluRule, probes, pathPatching);
        }

        public Request withPerPosition(boolean p) {
            return with(preset, corruption, metric, denoise, p, igSteps, window, prompts, seed, fluLayers, fluRule, probes, pathPatching);
        }

        /** Attribution patching's gradient steps; 0 for the preset's. */
        public Request withIgSteps(int steps) {
            return with(preset, corruption, metric, denoise, perPosition, steps, window, prompts, seed, fluLayers, fluRule, probes, pathPatching);
        }

        public Request withWindow(int layers) {
            return with(preset, corruption, metric, denoise, perPosition, igSteps, layers, prompts, seed, fluLayers, fluRule, probes, pathPatching);
        }

        public Request withPrompts(int n) {
            return with(preset, corruption, metric, denoise, perPosition, igSteps, window, n, seed, fluLayers, fluRule, probes, pathPatching);
        }

        public Request withSeed(long s) {
            return with(preset, corruption, metric, denoise, perPosition, igSteps, window, prompts, s, fluLayers, fluRule, probes, pathPatching);
        }

        /** FLU as MLP layers {from, to} given by hand; null finds them with probes. */
        public Request withFluLayers(int[] layers) {
            return with(preset, corruption, metric, denoise, perPosition, igSteps, window, prompts, seed, layers, fluRule, probes, pathPatching);
        }

        public Request withFluRule(Strategies.FluRule rule) {
            return with(preset, corruption, metric, denoise, perPosition, igSteps, window, prompts, seed, fluLayers, rule, probes, pathPatching);
        }

        public Request withProbes(Probes.Options options) {
            return with(preset, corruption, metric, denoise, perPosition, igSteps, window, prompts, seed, fluLayers, fluRule, options, pathPatching);
        }

        public Request withPromptsPerPass(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("prompts per pass must be at least 0, got " + n);
            }
            return new Request(method, preset, corruption, metric, denoise, perPosition, igSteps, window, prompts, seed,
                    fluLayers, fluRule, probes, pathPatching, n);
        }

        /** The prompts per forward pass this request runs. */
        public int promptsPerPassOrDefault() {
            return promptsPerPass > 0 ? promptsPerPass : PROMPTS_PER_PASS;
        }

        public Request withPathPatching(PathPatching.Options options) {
            return with(preset, corruption, metric, denoise, perPosition, igSteps, window, prompts, seed, fluLayers, fluRule, probes, options);
        }

        /** The corruption it runs with: the given one, or the preset's for the method. */
        public Corruption corruptionOrDefault() {
            return corruption != null ? corruption : new Corruption(preset.corruption(method), preset.noise(), seed);
        }

        public Metric metricOrDefault() {
            return metric != null ? metric : preset.metric(method);
        }

        int igStepsOrDefault() {
            return igSteps > 0 ? igSteps : preset.igSteps();
        }
    }

    /**
     * What it found.
     *
     * @param scores the method's component scores, or null for probes
     * @param probes probe curves, or empty when FLU was given by hand and the method is not probes
     * @param selections by strategy name
     * @param seconds time per stage
     */
    public record Result(Request request, int prompts, ComponentScores scores, List<Probes.Row> probes,
            Map<String, Selection> selections, Map<String, Double> seconds) {
    }

    /**
     * How the selections spend FLU's budget, and FLU itself when it is given whole.
     *
     * @param flu FLU as any set of components (e.g. read from a mask file), or null to take it from the request (its
     *     layers by hand, or probes); OT and random spend this set's parameter count
     * @param budget how OT and random spend it: the paper's prefix that crosses it, or only what fits
     * @param randomUnits what random draws: single matrices (the paper) or whole layers
     */
    public record Rules(Selection flu, Strategies.BudgetRule budget, Strategies.RandomUnits randomUnits) {
        public Rules {
            budget = budget == null ? Strategies.BudgetRule.PREFIX : budget;
            randomUnits = randomUnits == null ? Strategies.RandomUnits.MATRICES : randomUnits;
        }

        /** The paper's: FLU from the request, prefix budgets, random single matrices. */
        public static Rules paper() {
            return new Rules(null, null, null);
        }

        public Rules withFlu(Selection given) {
            return new Rules(given, budget, randomUnits);
        }
    }

    private Localization() {
    }

    public static Result run(LocusModel model, Dataset data, PromptFormat format, Split split, Request r,
                             Progress progress) {
        return run(model, data, format, split, r, Rules.paper(), progress);
    }

    /** As {@link #run(LocusModel, Dataset, PromptFormat, Split, Request, Progress)}, with FLU and budgets by {@code rules}. */
    public static Result run(LocusModel model, Dataset data, PromptFormat format, Split split, Request r, Rules rules,
                             Progress progress) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        ComponentCatalog catalog = model.components();
        LocalizationSet forget = LocalizationSet.of(model, format, split.forget(), data.attributes());
        if (r.prompts() > 0) {
            forget = forget.limit(r.prompts());
        }
        checkMemory(model, forget, r);
        List<Probes.Row> probes = List.of();
        if (r.method() == Method.PROBES
                || r.fluLayers() == null && rules.flu() == null && r.method() != Method.PATH_PATCHING) {
            long t = System.nanoTime();
            probes = Probes.run(model, LocalizationSet.of(model, format, split.maintainTrain(), data.attributes()),
                    LocalizationSet.of(model, format, nonEmpty(split.maintainTest()), data.attributes()), r.probes(), progress);
            seconds.put("probes", (System.nanoTime() - t) / 1e9);
        }
        ComponentScores scores = null;
        PathPatching.Result paths = null;
        long t = System.nanoTime();
        Corruption corruption = r.corruptionOrDefault();
        Metric metric = r.metricOrDefault();
        switch (r.method()) {
            case ATTRIBUTION_PATCHING -> scores = AttributionPatching.run(model, forget, corruption,
                    new AttributionPatching.Options(metric, r.igStepsOrDefault(), r.promptsPerPassOrDefault()), progress);
            case ACTIVATION_PATCHING -> scores = ActivationPatching.run(model, forget, corruption,
                    ActivationPatching.Options.defaults().withMetric(metric).withDenoise(r.denoise())
                            .withPerPosition(r.perPosition()).withPromptsPerChunk(r.promptsPerPassOrDefault()), progress);
            case CAUSAL_TRACING -> scores = CausalTracing.run(model, forget, corruption,
                    CausalTracing.Options.defaults().withMetric(metric).withWindow(r.window())
                            .withRawScore(r.preset().rawTracingScore())
                            .withPromptsPerChunk(r.promptsPerPassOrDefault()), progress);
            case PATH_PATCHING -> {
                paths = PathPatching.run(model, forget, corruption, r.pathPatching().withMetric(metric)
                        .withPromptsPerChunk(r.promptsPerPassOrDefault()), progress);
                scores = paths.scores();
            }
            default -> { }
        }
        if (scores != null) {
            seconds.put(r.method().text(), (System.nanoTime() - t) / 1e9);
        }
        Map<String, Selection> selections = new LinkedHashMap<>();
        if (paths != null) {
            if (!paths.flu().isEmpty()) {
                Selection flu = pathPatchingFlu(catalog, paths, r.pathPatching());
                selections.put(Strategies.FLU, flu);
                baselines(catalog, flu, r.seed(), rules).forEach(selections::putIfAbsent);
            }
            return new Result(r, forget.size(), scores, probes, selections, seconds);
        }
        Selection flu = rules.flu() != null ? rules.flu()
                : r.fluLayers() != null ? Strategies.fluLayers(catalog, r.fluLayers()[0], r.fluLayers()[1])
                : Strategies.flu(catalog, Probes.curve(probes, Probes.SUBJECT, Probes.SUBJECT_LAST), r.fluRule());
        selections.put(Strategies.FLU, flu);
        if (scores != null) {
            String name = r.method().text();
            selections.put(name, Strategies.ot(name, catalog, scores, flu.parameterCount(), false, rules.budget()));
            selections.put(name + "-mlps", Strategies.ot(name + "-mlps", catalog, scores, flu.parameterCount(), true,
                    rules.budget()));
        }
        baselines(catalog, flu, r.seed(), rules).forEach(selections::putIfAbsent);
        return new Result(r, forget.size(), scores, probes, selections, seconds);
    }

    /** Refuses, with the estimator's numbers, a localization the device cannot hold beside the model. */
    private static void checkMemory(LocusModel model, LocalizationSet set, Request r) {
        int longest = set.items().stream().mapToInt(LocalizationSet.Item::length).max().orElse(1);
        dev.locus.model.MemoryBudget.checkLocalize(model.config(), model.device(),
                model.transformer().weights().dataType().getNumOfBytes(), r.method().text(), set.size(), longest,
                r.method() == Method.ATTRIBUTION_PATCHING ? r.igStepsOrDefault() : 0);
    }

    /** FLU as path patching found it: the MLPs past the threshold, any set of them (src/docs/paper.md §3.1). */
    public static Selection pathPatchingFlu(ComponentCatalog catalog, PathPatching.Result paths,
                                            PathPatching.Options options) {
        ComponentSet set = ComponentSet.of(catalog, paths.flu());
        Map<String, Double> scores = new LinkedHashMap<>();
        paths.flu().forEach(id -> scores.put(id, paths.scores().row(id).normalized()));
        String rule = String.format(Locale.ROOT, "path patching: MLPs whose output moves %s (the earliest layer after 0 of the"
                + " top %d extraction heads: %s) by |normalized logit difference| > %.3g", paths.receiver(), options.topHeads(),
                paths.extractionHeads().isEmpty() ? "none" : String.join(" ", paths.extractionHeads()),
                options.mlpThreshold());
        return new Selection(Strategies.FLU, set, set.parameterCount(catalog), rule, scores);
    }

    /** FLU and the selections made from its budget alone, the paper's way ({@link Rules#paper()}). */
    public static Map<String, Selection> baselines(ComponentCatalog catalog, Selection flu, long seed) {
        return baselines(catalog, flu, seed, Rules.paper());
    }

    /**
     * FLU and the selections made from its budget alone: random (spending FLU's parameter count by {@code rules}),
     * random-mlps (as many MLP layers as FLU touches), all-mlps, nonlocalized. FLU may be any set of components.
     */
    public static Map<String, Selection> baselines(ComponentCatalog catalog, Selection flu, long seed, Rules rules) {
        Map<String, Selection> out = new LinkedHashMap<>();
        out.put(Strategies.FLU, flu);
        out.put(Strategies.RANDOM, Strategies.random(catalog, flu.parameterCount(), seed, rules.randomUnits(),
                rules.budget()));
        out.put(Strategies.RANDOM_MLPS, Strategies.randomMlps(catalog, mlpLayers(flu), seed));
        out.put(Strategies.ALL_MLPS, Strategies.allMlps(catalog));
        out.put(Strategies.NONLOCALIZED, Strategies.nonlocalized(catalog));
        return out;
    }

    /** Writes scores.csv (and tracing.csv), probes.csv and masks/ into {@code dir}. */
    public static void write(Path dir, Result result, LocusModel model) {
        try {
            Files.createDirectories(dir.resolve("masks"));
        } catch (java.io.IOException e) {
            throw new LocusException(dir + ": cannot create the output folder (" + e.getMessage() + ")", e);
        }
        if (result.scores() != null) {
            LocalizationFiles.writeScores(dir.resolve("scores.csv"), result.scores());
            if (result.request().method() == Method.CAUSAL_TRACING) {
                LocalizationFiles.writeTracing(dir.resolve("tracing.csv"), result.scores());
            }
        }
        if (!result.probes().isEmpty()) {
            LocalizationFiles.writeProbes(dir.resolve("probes.csv"), result.probes());
        }
        for (Selection s : result.selections().values()) {
            MaskFiles.write(dir.resolve("masks"), s, model);
        }
    }

    /** A few lines for a terminal: the setting, the top components, the selections. */
    public static List<String> summary(Result result) {
        List<String> lines = new ArrayList<>();
        ComponentScores s = result.scores();
        if (s != null) {
            lines.add(String.format(Locale.ROOT, "%s: %s; metric clean %.3f, corrupted %.3f", s.method(), s.setting(),
                    s.clean(), s.corrupted()));
            StringBuilder top = new StringBuilder("top components:");
            for (String id : s.ranking().subList(0, Math.min(6, s.rows().size()))) {
                top.append(String.format(Locale.ROOT, " %s %.3f", id, s.row(id).score()));
            }
            lines.add(top.toString());
        }
        if (!result.probes().isEmpty()) {
            for (String[] c : new String[][] {{Probes.PROMPT, Probes.SUBJECT_LAST}, {Probes.PROMPT, Probes.FINAL},
                    {Probes.SUBJECT, Probes.SUBJECT_LAST}}) {
                StringBuilder b = new StringBuilder(String.format("probe %-7s at %-12s by layer (embeddings first):", c[0], c[1]));
                Probes.curve(result.probes(), c[0], c[1]).forEach(p -> b.append(String.format(Locale.ROOT, " %.2f", p.accuracy())));
                lines.add(b.toString());
            }
        }
        for (Selection sel : result.selections().values()) {
            lines.add(String.format(Locale.ROOT, "%-28s %,12d params  %s", sel.strategy(), sel.parameterCount(),
                    String.join(" ", sel.components().ids())));
        }
        Selection flu = result.selections().get(Strategies.FLU);
        lines.add("FLU: " + (flu == null ? "none: no MLP passed path patching's threshold" : flu.rule()));
        return lines;
    }

    /** The MLP layers FLU touches (its whole MLPs or their matrices); all its components when it has no MLP. */
    static int mlpLayers(Selection flu) {
        long layers = flu.components().components().stream()
                .filter(c -> !c.kind().isAttention()).mapToInt(c -> c.layer()).distinct().count();
        return layers > 0 ? (int) layers : flu.components().ids().size();
    }

    private static <T> List<T> nonEmpty(List<T> test) {
        if (test.isEmpty()) {
            throw new LocusException("probes need held-out maintain facts, and this split has none; give the FLU layers"
                    + " by hand (--flu-layers)");
        }
        return test;
    }
}
