package dev.locus.experiment;

import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.Split;
import dev.locus.edit.EditTask;
import dev.locus.edit.EditedModels;
import dev.locus.edit.FineTuneSettings;
import dev.locus.edit.LocalizedFineTune;
import dev.locus.edit.RelearningAttack;
import dev.locus.edit.WeightMasking;
import dev.locus.eval.LatentProbes;
import dev.locus.experiment.config.EditSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.experiment.config.LocalizationSettings;
import dev.locus.experiment.config.RelearnSettings;
import dev.locus.experiment.config.CircuitSettings;
import dev.locus.localize.Localization;
import dev.locus.localize.circuit.CircuitReport;
import dev.locus.localize.circuit.CircuitRun;
import dev.locus.localize.circuit.CircuitSelection;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.Preset;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.Probes;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.localize.select.Strategies;
import dev.locus.model.ComputeType;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an experiment config end to end (src/docs/paper.md §3-6) into a run directory: per seed, localize (probes for
 * FLU, then attribution patching and causal tracing as the methods need), select, and for each method edit a copy
 * of the model, evaluate it before, during and after, probe it for latent knowledge, and attack it by relearning.
 * The loaded model itself is never changed.
 */
public final class ExperimentRunner {
    private final ExperimentConfig config;
    private final RunInputs inputs;
    private final RunRecorder recorder;
    private final RunListener listener;
    private final Map<String, Selection> given;

    private ExperimentRunner(ExperimentConfig config, RunInputs inputs, RunRecorder recorder, RunListener listener,
                             Map<String, Selection> given) {
        this.config = config;
        this.inputs = inputs;
        this.recorder = recorder;
        this.listener = listener;
        this.given = Map.copyOf(given);
    }

    /** Runs {@code config} into {@code out} (new or empty, or replaced with {@code force}); returns the recorded run. */
    public static RunRecorder run(ExperimentConfig config, String label, Path out, boolean force, RunListener listener) {
        return run(config, label, out, force, "auto", listener);
    }

    /** As above, on {@code device}: auto, cpu or gpu (checked before anything is written). */
    public static RunRecorder run(ExperimentConfig config, String label, Path out, boolean force, String device,
                                  RunListener listener) {
        return run(config, label, out, force, device, null, listener);
    }

    /** As above, the model's weights in {@code dtype} (null: {@link ComputeType#resolve} picks for the device). */
    public static RunRecorder run(ExperimentConfig config, String label, Path out, boolean force, String device,
                                  ComputeType dtype,
                                  RunListener listener) {
        config.checkInputsExist(label);
        ai.djl.Device on = Engines.device(device);
        RunDirectory.prepare(out, force);
        RunInputs inputs = RunInputs.open(config);
        // a training pass holds one micro-batch of the edit's batch at a time
        int batch = config.methods().stream().mapToInt(m -> {
            var e = config.editFor(m);
            return e.microBatch() > 0 ? Math.min(e.batch(), e.microBatch()) : e.batch();
        }).max().orElse(1);
        try (LocusModel model = LocusModel.load(inputs.modelFolder(), on, ComputeType.resolve(dtype, on),
                inputs.workload(batch))) {
            return run(config, inputs, model, Map.of(), out, listener);
        }
    }

    /**
     * Runs {@code config} on a model that is already loaded (the workbench's; it is not closed, nor changed), into
     * {@code out} (new or empty, or replaced with {@code force}). Selections in {@code given}, by method name, take
     * the place of that method's own localization (the workbench passes what the user localized and picked).
     */
    public static RunRecorder run(ExperimentConfig config, LocusModel model, Map<String, Selection> given, Path out,
                                  boolean force, RunListener listener) {
        config.checkInputsExist(config.name());
        RunDirectory.prepare(out, force);
        return run(config, RunInputs.open(config), model, given, out, listener);
    }

    private static RunRecorder run(ExperimentConfig config, RunInputs inputs, LocusModel model,
                                   Map<String, Selection> given, Path out, RunListener listener) {
        List<dev.locus.data.PromptFormat> chatChecked = new java.util.ArrayList<>(inputs.formats());
        chatChecked.add(inputs.editFormat());
        dev.locus.data.ChatFormats.check(chatChecked, model.tokenizer()); // a template that cannot render: before any job
        RunRecorder recorder = new RunRecorder(out, config, listener);
        recorder.start(model);
        ExperimentRunner runner = new ExperimentRunner(config,
                CounterFactProtocol.prepare(inputs, model, config.evaluation(), recorder), recorder, listener, given);
        for (long seed : config.seeds()) {
            runner.runSeed(model, seed);
        }
        recorder.finish();
        return recorder;
    }

    /**
     * The facts a run of {@code config} edits for {@code seed}: its split (of CounterFact data without its few-shot
     * pool), with the seed's edit targets.
     */
    public static Split split(ExperimentConfig config, Dataset data, long seed) {
        Split split = Split.of(CounterFactProtocol.withoutPool(data, config.evaluation()), config.forget());
        List<Fact> forget = withTargets(config, data, split.forget(), seed);
        return new Split(forget, split.maintainTrain(), split.maintainTest(), forget.subList(0, forget.size() / 2),
                forget.subList(forget.size() / 2, forget.size()), split.warnings());
    }

    /**
     * The longest edit prompt and general-text window (in tokens) of {@code config}'s data under {@code modelFolder}'s
     * tokenizer, as the memory check before loading counts them; null when the folder has no tokenizer.
     */
    public static dev.locus.model.MemoryBudget.Workload workload(ExperimentConfig config, Path modelFolder, int batch) {
        RunInputs i = RunInputs.open(config);
        return new RunInputs(modelFolder, i.data(), i.formats(), i.editFormat(), i.questions(), i.generalTrain(),
                i.generalEval()).workload(batch);
    }

    /** A runner over opened inputs, for the parameter sweep. */
    static ExperimentRunner of(ExperimentConfig config, RunInputs inputs, RunRecorder recorder, RunListener listener) {
        return new ExperimentRunner(config, inputs, recorder, listener, Map.of());
    }

    /** The config's split with the seed's edit targets on the forget facts. */
    Split split(long seed) {
        return split(config, inputs.data(), seed);
    }

    /** The settings method's edit trains with, for this seed. */
    FineTuneSettings settings(String method, long seed) {
        EditSettings e = config.editFor(method);
        boolean unlearn = e.objective() == EditSettings.Objective.UNLEARN
                || config.editTarget().equals(ExperimentConfig.TARGET_NONE);
        return e.fineTune().withUnlearn(unlearn).withSeed(seed);
    }

    /** The edit's training data: the forget facts toward their targets, the maintain facts, general text. */
    EditTask task(LocusModel model, Split split, FineTuneSettings s) {
        return EditTask.of(model, inputs.editFormat(), split.forget(), split.maintainTrain(), inputs.generalTrain(), s.unlearn());
    }

    private void runSeed(LocusModel model, long seed) {
        Split edited = split(seed);
        List<Fact> forget = edited.forget();
        Map<String, Selection> selections = localize(model, edited, seed);
        PhaseEvaluator evaluator = new PhaseEvaluator(inputs.formats(), forget, edited.maintainTrain(),
                edited.maintainTest(), inputs.questions(), inputs.generalEval());
        List<MetricRow> before = recorder.time("seed " + seed + ": evaluate before", () -> evaluator.evaluate(model, "none", seed, "before"));
        if (config.probes().enabled()) {
            recorder.time("seed " + seed + ": probe before", () -> recorder.probes(latent(model, edited, "none", seed, "before")));
        }
        for (String method : config.methods()) {
            for (MetricRow r : before) {
                recorder.metric(new MetricRow(method, r.seed(), r.phase(), r.format(), r.split(), r.metric(), r.value()));
            }
            runMethod(model, edited, evaluator, selections.get(method), method, seed);
            recorder.flush();
        }
    }

    private void runMethod(LocusModel model, Split split, PhaseEvaluator evaluator, Selection selection, String method,
                           long seed) {
        FineTuneSettings settings = settings(method, seed);
        EditTask task = task(model, split, settings);
        String stage = "seed " + seed + ": " + method;
        LocalizedFineTune.Listener progress = new LocalizedFineTune.Listener() {
            @Override
            public void step(int step, int total, double forget, double maintain, double general, double s) {
                listener.step(stage + ": edit", step, total, forget);
            }

            @Override
            public void evaluate(int step, LocusModel m) {
                recorder.metrics(evaluator.evaluate(m, method, seed, "step-" + step));
            }
        };
        EditSettings e = config.editFor(method);
        try (LocusModel edited = recorder.time(stage + ": edit", () -> edit(model, selection, task, settings, e, progress,
                method, seed))) {
            recorder.time(stage + ": evaluate after", () -> recorder.metrics(evaluator.evaluate(edited, method, seed, "after")));
            if (config.probes().enabled()) {
                recorder.time(stage + ": probe", () -> recorder.probes(latent(edited, split, method, seed, "after")));
            }
            if (config.relearn().enabled() && split.relearnTrain().size() > 0 && split.relearnTest().size() > 0) {
                recorder.time(stage + ": relearn", () -> relearn(edited, split, evaluator, method, seed));
            }
            if (config.softPrompt().enabled() && split.relearnTrain().size() > 0 && split.relearnTest().size() > 0) {
                recorder.time(stage + ": soft prompt", () -> SoftPromptPhase.run(edited, config.softPrompt(), inputs, split,
                        method, seed, recorder, listener, stage));
            }
        }
    }

    /** The edited copy: fine-tuned, or masked (then its edit size is recorded too). */
    private LocusModel edit(LocusModel model, Selection selection, EditTask task, FineTuneSettings settings, EditSettings e,
                            LocalizedFineTune.Listener progress, String method, long seed) {
        if (e.mode() == EditSettings.Mode.WEIGHT_MASK) {
            WeightMasking.Result r = WeightMasking.run(model, selection.components(), task, settings, e.mask(), progress);
            WeightMasking.EditSize size = r.size();
            size.byName().forEach((name, value) ->
                    recorder.metric(new MetricRow(method, seed, "after", "weights", "edit_size", name, value)));
            return r.model();
        }
        LocusModel edited = EditedModels.copy(model, selection.components());
        try {
            LocalizedFineTune.run(edited, selection.components(), task, settings, progress);
        } catch (RuntimeException | Error failure) {
            edited.close(); // cancelled or failed: the copy's weights must not outlive the edit
            throw failure;
        }
        return edited;
    }

    private void relearn(LocusModel edited, Split split, PhaseEvaluator evaluator, String method, long seed) {
        RelearnSettings r = config.relearn();
        EditTask task = EditTask.of(edited, inputs.editFormat(), split.relearnTrain(), split.maintainTrain(),
                inputs.generalTrain(), true);
        List<dev.locus.data.PromptFormat> formats = r.formats().stream().map(inputs.data()::format).toList();
        RelearningAttack.run(edited, task, r.attack(seed), (step, attacked) -> {
            List<MetricRow> rows = new ArrayList<>(PhaseEvaluator.accuracyOnly(attacked, formats, split.relearnTest(),
                    method, seed, "relearn-" + step, "relearn"));
            evaluator.general(rows, attacked, method, seed, "relearn-" + step);   // the paper's MMLU during relearning
            recorder.metrics(rows);
        });
    }

    private List<ProbeRow> latent(LocusModel m, Split split, String method, long seed, String phase) {
        List<ProbeRow> rows = new ArrayList<>();
        for (LatentProbes.Layer l : LatentProbes.run(m, inputs.editFormat(), split.maintainTrain(), split.forget(),
                inputs.data().attributes(), config.probes().l2(), config.probes().iterations())) {
            rows.add(new ProbeRow(method, seed, phase, l.layer(), "true", l.trueAccuracy()));
            rows.add(new ProbeRow(method, seed, phase, l.layer(), "edit", l.editAccuracy()));
        }
        return rows;
    }

    /** Probes for FLU, then each scoring method the config's methods need; every selection by its method name. */
    Map<String, Selection> localize(LocusModel model, Split split, long seed) {
        LocalizationSettings s = config.localization();
        dev.locus.data.PromptFormat format = inputs.data().format(s.format());
        int[] flu = s.fluLayers() == null ? null : new int[] {s.fluLayers().from(), s.fluLayers().to()};
        Strategies.FluRule rule = new Strategies.FluRule(s.fluRise(), s.fluPlateau());
        Probes.Options probes = new Probes.Options(config.probes().l2(), config.probes().iterations());
        String stage = "seed " + seed + ": localize ";
        Map<String, Selection> fixed = new LinkedHashMap<>(given);
        config.masks().forEach((method, file) -> fixed.computeIfAbsent(method, m -> readMask(Path.of(file), model)));
        if (fixed.keySet().containsAll(config.methods())) {
            // Every method's selection is given: nothing to localize (FLU's probes only serve the baselines' budget).
            for (String method : config.methods()) {
                recorder.mask(seed, fixed.get(method), model);
            }
            return fixed;
        }
        Selection fluSelection;
        if (fixed.containsKey(Strategies.FLU)) {
            fluSelection = fixed.get(Strategies.FLU);
        } else if (s.fluMethod().equals("path-patching")) {
            fluSelection = fluByPathPatching(model, split, seed, format, stage);
        } else if (flu == null) {
            Localization.Result found = recorder.time(stage + "probes", () -> Localization.run(model, inputs.data(), format,
                    split, Localization.Request.of(Localization.Method.PROBES).withIgSteps(1).withPrompts(s.prompts())
                            .withSeed(seed).withFluRule(rule).withProbes(probes), progress(stage + "probes")));
            recorder.localizationProbes(seed, found.probes());
            fluSelection = found.selections().get(Strategies.FLU);
        } else {
            fluSelection = Strategies.fluLayers(model.components(), flu[0], flu[1]);
        }
        // FLU is any set of components (a mask file's may skip layers): OT and random spend its own parameter count.
        Localization.Rules rules = new Localization.Rules(fluSelection, Strategies.BudgetRule.parse(s.budgetRule()),
                Strategies.RandomUnits.parse(s.randomUnits()));
        Map<String, Selection> selections = new LinkedHashMap<>(Localization.baselines(model.components(), fluSelection,
                seed, rules));
        for (Localization.Method method : List.of(Localization.Method.ATTRIBUTION_PATCHING,
                Localization.Method.CAUSAL_TRACING)) {
            String scoring = method.text();
            if (config.methods().stream().noneMatch(m -> m.startsWith(scoring) && !fixed.containsKey(m))) {
                continue;
            }
            Localization.Request common = Localization.Request.of(method).withPreset(Preset.parse(s.preset()))
                    .withPrompts(s.prompts()).withSeed(seed).withFluRule(rule).withProbes(probes);
            Localization.Request request = method == Localization.Method.CAUSAL_TRACING
                    ? common.withCorruption(Corruption.parse(s.causalTracing().corruption(), s.causalTracing().noise(), seed))
                            .withMetric(Metric.parse(s.causalTracing().metric())).withIgSteps(1)
                            .withWindow(s.causalTracing().window())
                    : common.withCorruption(Corruption.parse(s.attributionPatching().corruption(), "3sd", seed))
                            .withMetric(Metric.parse(s.attributionPatching().metric()))
                            .withIgSteps(s.attributionPatching().igSteps());
            Localization.Result r = recorder.time(stage + scoring, () -> Localization.run(model, inputs.data(), format,
                    split, request, rules, progress(stage + scoring)));
            recorder.scores(seed, r.scores(), r.prompts());
            selections.put(scoring, r.selections().get(scoring));
            selections.put(scoring + "-mlps", r.selections().get(scoring + "-mlps"));
        }
        if (config.methods().contains(ExperimentConfig.CIRCUIT) && !fixed.containsKey(ExperimentConfig.CIRCUIT)) {
            selections.put(ExperimentConfig.CIRCUIT, circuit(model, split, seed, format, stage));
        }
        selections.putAll(fixed);
        for (String method : config.methods()) {
            recorder.mask(seed, selections.get(method), model);
        }
        return selections;
    }

    /** The circuit method's selection: a circuit found on the forget facts (its files recorded), its heads and MLPs. */
    private Selection circuit(LocusModel model, Split split, long seed, dev.locus.data.PromptFormat format, String stage) {
        CircuitSettings c = config.localization().circuitOrDefault();
        LocalizationSet set = LocalizationSet.of(model, format, split.forget(), inputs.data().attributes());
        LocalizationSet used = config.localization().prompts() > 0 ? set.limit(config.localization().prompts()) : set;
        CircuitRun.Request request = new CircuitRun.Request(CircuitRun.Method.parse(c.method()), c.igSteps(), c.top(),
                c.threshold(), c.faithfulness(), false, Corruption.parse(c.corruption(), "3sd", seed),
                Metric.parse(c.metric()), 0, 0, 0);
        CircuitReport report = recorder.time(stage + "circuit", () -> CircuitRun.run(model, used, request,
                progress(stage + "circuit")));
        recorder.circuit(seed, report);
        return CircuitSelection.of(ExperimentConfig.CIRCUIT, report.circuit(), model.components());
    }

    /** FLU as the paper finds it for CounterFact (src/docs/paper.md §3.1): path patching's MLPs; its scores are recorded. */
    private Selection fluByPathPatching(LocusModel model, Split split, long seed, dev.locus.data.PromptFormat format,
                                        String stage) {
        LocalizationSettings s = config.localization();
        LocalizationSettings.PathPatching p = s.pathPatching();
        Localization.Request request = Localization.Request.of(Localization.Method.PATH_PATCHING)
                .withPreset(Preset.parse(s.preset())).withPrompts(s.prompts()).withSeed(seed)
                .withCorruption(Corruption.parse(p.corruption(), s.causalTracing().noise(), seed))
                .withPathPatching(dev.locus.localize.method.PathPatching.Options.defaults().withTopHeads(p.topHeads())
                        .withMlpThreshold(p.mlpThreshold()));
        Localization.Result r = recorder.time(stage + "path-patching", () -> Localization.run(model, inputs.data(),
                format, split, request, progress(stage + "path-patching")));
        recorder.scores(seed, r.scores(), r.prompts());
        Selection flu = r.selections().get(Strategies.FLU);
        if (flu == null) {
            throw new LocusException("localization.flu_method \"path-patching\": no MLP moved the answer by more than "
                    + "localization.path_patching.mlp_threshold (" + p.mlpThreshold() + "); " + r.scores().setting());
        }
        return flu;
    }

    private static Selection readMask(Path file, LocusModel model) {
        return file.getFileName().toString().endsWith(".safetensors") ? MaskFiles.readSafetensors(file, model)
                : MaskFiles.readJson(file, model);
    }

    private dev.locus.localize.method.Progress progress(String stage) {
        return (what, done, total) -> listener.step(stage, (int) done, (int) total, Double.NaN);
    }

    private static List<Fact> withTargets(ExperimentConfig config, Dataset data, List<Fact> forget, long seed) {
        String t = config.editTarget();
        if (t.equals(ExperimentConfig.TARGET_RANDOM)) {
            return EditTargets.randomOther(forget, data.attributes(), seed);
        }
        if (t.equals(ExperimentConfig.TARGET_NONE)) {
            return forget.stream().map(f -> f.withEditTarget(null)).toList();
        }
        if (t.equals(ExperimentConfig.TARGET_DATA)) {
            return forget;
        }
        return EditTargets.named(forget, t);
    }
}
