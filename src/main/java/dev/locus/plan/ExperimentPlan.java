package dev.locus.plan;

import dev.locus.data.ForgetSpec;
import dev.locus.edit.RelearningAttack;
import dev.locus.experiment.config.EditSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.experiment.config.LocalizationSettings;
import dev.locus.localize.Localization;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.budget.Estimate;
import dev.locus.model.budget.Estimator;
import dev.locus.model.component.Component;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every stage of an experiment config, per localization and edit method, estimated for one model shape in one compute
 * type: load; localize by each method the config's methods need; edit, relearn, soft prompt and evaluate per method.
 * Each edit method's trained parameters come from the same selection rules the run uses (FLU's layers, the baselines
 * built from FLU's budget); the optimal-transport methods (causal-tracing, attribution-patching and their -mlps) spend
 * FLU's budget, so they are planned at it. Where FLU is found at run time (probes, path patching) it is planned as
 * {@link #ASSUMED_FLU_MLPS} MLPs.
 */
public final class ExperimentPlan {
    /** MLP layers FLU is planned with when the run finds them (the paper's CounterFact FLU found 5 to 8). */
    public static final int ASSUMED_FLU_MLPS = 8;

    /**
     * Lengths the plan assumes when it cannot tokenize the data: tokens per edit prompt, per general-text window, and
     * forget facts when the config selects them by attribute; and the micro-batch every training stage runs in (0:
     * the whole batch at once).
     */
    public record Lengths(int promptTokens, int textTokens, int forgetFacts, int microBatch) {
        public static final Lengths DEFAULTS = new Lengths(32, dev.locus.data.GeneralText.CONTEXT, 64, 0);

        public Lengths(int promptTokens, int textTokens, int forgetFacts) {
            this(promptTokens, textTokens, forgetFacts, 0);
        }

        public Lengths withMicroBatch(int rows) {
            return new Lengths(promptTokens, textTokens, forgetFacts, rows);
        }
    }

    private ExperimentPlan() {
    }

    /** The stages of {@code config} on {@code shape} computing in {@code computeBytes}-byte elements. */
    public static List<Estimate> of(ExperimentConfig config, ModelShape shape, int computeBytes, Lengths lengths) {
        Estimator est = new Estimator(shape.config(), shape.parameters(), computeBytes);
        ComponentCatalog catalog = shape.catalog();
        List<Estimate> out = new ArrayList<>();
        out.add(est.load());
        int forget = forgetCount(config.forget(), lengths.forgetFacts());
        LocalizationSettings loc = config.localization();
        int prompts = loc.prompts() > 0 ? Math.min(loc.prompts(), forget) : forget;
        for (String method : localizations(config)) {
            out.add(est.localize(method, prompts, lengths.promptTokens(),
                    method.equals("attribution-patching") ? loc.attributionPatching().igSteps()
                            : method.equals(ExperimentConfig.CIRCUIT) ? loc.circuitOrDefault().igSteps() : 0));
        }
        Map<String, Long> trained = trainedParameters(config, catalog, shape.config().nLayers(),
                config.methods());
        long allMatrices = ComponentSet.of(catalog, catalog.all().stream().filter(c -> c.kind() != Component.Kind.HEAD)
                .map(Component::id).toList()).parameterCount(catalog);
        int text = config.evaluation().generalText() == null ? 0 : lengths.textTokens();
        for (String method : config.methods()) {
            EditSettings e = config.editFor(method);
            long t = trained.get(method);
            out.add(est.edit(method, t, new Estimator.Batch(e.batch(), microBatch(lengths, e.microBatch()), lengths.promptTokens(), text),
                    e.steps()));
            if (config.relearn().enabled()) {
                var r = config.relearn();
                out.add(est.relearn(method, t, r.mode() == RelearningAttack.Mode.FULL ? 0 : r.rank(), allMatrices,
                        new Estimator.Batch(r.batch(), microBatch(lengths, r.microBatch()), lengths.promptTokens(), text), r.steps()));
            }
            if (config.softPrompt().enabled()) {
                var s = config.softPrompt();
                out.add(est.softPrompt(method, t, s.tokens(), new Estimator.Batch(s.batch(), microBatch(lengths, s.microBatch()),
                        lengths.promptTokens(), 0), s.steps(), s.prompts()));
            }
            int evalPrompts = 2 * forget * Math.max(1, config.formats().size());
            out.add(est.evaluate(method, t, evalPrompts, lengths.promptTokens(), 32));
        }
        return out;
    }

    /** The micro-batch a stage runs in: the plan's override when given, else the config's own (0: whole batch). */
    private static int microBatch(Lengths lengths, int configured) {
        return lengths.microBatch() > 0 ? lengths.microBatch() : configured;
    }

    /** The localization methods a run of {@code config} performs, in the runner's order. */
    static List<String> localizations(ExperimentConfig config) {
        LocalizationSettings s = config.localization();
        List<String> out = new ArrayList<>();
        if (config.masks().keySet().containsAll(config.methods())) {
            return out;
        }
        if (s.fluMethod().equals("path-patching")) {
            out.add("path-patching");
        } else if (s.fluLayers() == null) {
            out.add("probes");
        }
        for (String scoring : List.of("attribution-patching", "causal-tracing")) {
            if (config.methods().stream().anyMatch(m -> m.startsWith(scoring))) {
                out.add(scoring);
            }
        }
        if (config.methods().contains(ExperimentConfig.CIRCUIT) && !config.masks().containsKey(ExperimentConfig.CIRCUIT)) {
            out.add(ExperimentConfig.CIRCUIT);
        }
        return out;
    }

    /**
     * Parameters each of {@code methods}' edit trains: from the selection rules, with FLU as configured or assumed;
     * a method the rules do not make (an optimal-transport one, a named selection) at FLU's budget.
     */
    public static Map<String, Long> trainedParameters(ExperimentConfig config, ComponentCatalog catalog, int layers,
                                                      List<String> methods) {
        LocalizationSettings s = config.localization();

        Selection flu = s.fluLayers() != null ? Strategies.fluLayers(catalog, s.fluLayers().from(), s.fluLayers().to())
                : Strategies.fluLayers(catalog, 0, Math.min(layers, ASSUMED_FLU_MLPS) - 1);
        Localization.Rules rules = new Localization.Rules(flu, Strategies.BudgetRule.parse(s.budgetRule()),
                Strategies.RandomUnits.parse(s.randomUnits()));
        Map<String, Selection> base = Localization.baselines(catalog, flu, config.seeds().get(0), rules);
        Map<String, Long> out = new LinkedHashMap<>();
        for (String method : methods) {
            Selection sel = base.get(method);
            out.put(method, sel != null ? sel.parameterCount() : flu.parameterCount());
        }
        return out;
    }

    static int forgetCount(ForgetSpec spec, int assumed) {
        if (spec instanceof ForgetSpec.First f) {
            return f.n();
        }
        if (spec instanceof ForgetSpec.RandomSample r) {
            return r.n();
        }
        return assumed;
    }

}
