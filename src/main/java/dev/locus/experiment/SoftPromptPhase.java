package dev.locus.experiment;

import dev.locus.data.PromptFormat;
import dev.locus.data.Split;
import dev.locus.edit.EditTask;
import dev.locus.edit.SoftPromptAttack;
import dev.locus.experiment.config.SoftPromptSettings;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soft-prompt phase of a method (src/docs/paper.md §5): independent universal soft prompts trained on the edited
 * model to say the true answers of the first half of the forget facts, each scored with the prompt active on the
 * held-out half (accuracy of the true answer, edit_accuracy of the injected one) and on the held-out maintain facts,
 * as {@link PhaseEvaluator} scores every phase. Prompt k's rows have phase {@code soft-prompt-<k>} (k from 1); their
 * mean over the prompts has phase {@code soft-prompt}, so metrics.csv keeps its columns.
 */
final class SoftPromptPhase {
    /** The phase of the mean over prompts; each prompt's is this, a dash and its number. */
    static final String PHASE = "soft-prompt";

    private SoftPromptPhase() {
    }

    /** Trains and scores {@code s.prompts()} prompts on {@code edited}; returns every row, also handed to recorder. */
    static List<MetricRow> run(LocusModel edited, SoftPromptSettings s, RunInputs inputs, Split split, String method,
                               long seed, RunRecorder recorder, RunListener listener, String stage) {
        List<PromptFormat> formats = s.formats().isEmpty() ? List.of(inputs.editFormat())
                : s.formats().stream().map(inputs.data()::format).toList();
        EditTask task = EditTask.of(edited, inputs.editFormat(), split.relearnTrain(), List.of(), List.of(), true);
        PhaseEvaluator evaluator = new PhaseEvaluator(formats, split.relearnTest(), List.of(), split.maintainTest(),
                List.of(), List.of());
        List<MetricRow> all = new ArrayList<>();
        for (int k = 0; k < s.prompts(); k++) {
            String name = stage + ": soft prompt " + (k + 1) + "/" + s.prompts();
            try (SoftPromptAttack.Trained prompt = SoftPromptAttack.train(edited, task.forget(), task.forgetTargets(),
                    s.attack(seed, k), (step, total, loss) -> listener.step(name, step, total, loss));
                 LocusModel attacked = edited.withSoftPrompt(prompt.prompt())) {
                List<MetricRow> rows = evaluator.evaluate(attacked, method, seed, PHASE + "-" + (k + 1));
                recorder.metrics(rows);
                all.addAll(rows);
            }
        }
        List<MetricRow> mean = mean(all, method, seed);
        recorder.metrics(mean);
        all.addAll(mean);
        return all;
    }

    /** Per format, split and metric, the mean over the prompts' rows, in the order first seen. */
    static List<MetricRow> mean(List<MetricRow> rows, String method, long seed) {
        Map<List<String>, double[]> sums = new LinkedHashMap<>();
        for (MetricRow r : rows) {
            double[] sum = sums.computeIfAbsent(List.of(r.format(), r.split(), r.metric()), key -> new double[2]);
            sum[0] += r.value();
            sum[1]++;
        }
        List<MetricRow> out = new ArrayList<>();
        sums.forEach((key, sum) -> out.add(new MetricRow(method, seed, PHASE, key.get(0), key.get(1), key.get(2),
                sum[0] / sum[1])));
        return out;
    }
}
