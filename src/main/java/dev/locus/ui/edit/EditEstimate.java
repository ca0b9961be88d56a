package dev.locus.ui.edit;

import dev.locus.experiment.config.EditSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.model.MemoryBudget;
import dev.locus.model.budget.Estimate;
import dev.locus.model.budget.Estimator;
import dev.locus.plan.ExperimentPlan;
import dev.locus.plan.Throughput;
import dev.locus.ui.session.Session;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Edit panel's line about the queued edits, from the estimator that refuses them when a run starts: the largest
 * edit's memory beside the loaded model against the device's free memory, and the queue's time. Arithmetic only (no
 * tensor work): safe on the JavaFX thread.
 */
final class EditEstimate {
    private EditEstimate() {
    }

    static String describe(Session session, List<String> methods) {
        LocusModel m = session.model.get();
        ExperimentConfig c = session.config.get();
        if (m == null || c == null || methods.isEmpty()) {
            return "";
        }
        int bytes = MemoryBudget.computeBytes(m);
        long parameters = m.components().specs().stream().mapToLong(dev.locus.model.config.ParamSpec::size).sum();
        Estimator est = new Estimator(m.config(), parameters, bytes);
        Map<String, Long> byRule = ExperimentPlan.trainedParameters(c, m.components(), m.config().nLayers(), methods);
        ExperimentPlan.Lengths lengths = ExperimentPlan.Lengths.DEFAULTS;
        int text = c.evaluation().generalText() == null ? 0 : lengths.textTokens();
        Estimate largest = null;
        double flops = 0;
        for (String method : methods) {
            Selection chosen = session.selections.get(method);
            long trained = chosen != null ? chosen.parameterCount() : byRule.getOrDefault(method, 0L);
            EditSettings e = c.editFor(method);
            Estimate edit = est.edit(method, trained, new Estimator.Batch(e.batch(), 0, lengths.promptTokens(), text),
                    e.steps());
            flops += edit.flops();
            if (largest == null || edit.peakBytes() > largest.peakBytes()) {
                largest = edit;
            }
        }
        long need = largest.peakBytes() - largest.weightBytes();   // the model is loaded already
        long free = MemoryBudget.availableBytes(m.device());
        String fits = free < 0 ? "" : need <= free ? ", fits in the " + MemoryBudget.size(free) + " free"
                : ": does not fit in the " + MemoryBudget.size(free) + " free; lower the batch or micro_batch";
        Throughput rate = Throughput.cached(m.device().isGpu(), bytes);
        String time = rate == null ? "" : String.format(Locale.ROOT, "; about %s for %d edit%s",
                duration(flops / (rate.gflops() * 1e9)), methods.size(), methods.size() == 1 ? "" : "s");
        return "Estimate: the largest edit (" + largest.method() + ") needs " + MemoryBudget.size(need)
                + " beside the model" + fits + time + " (prompts of " + lengths.promptTokens() + " tokens assumed)";
    }

    private static String duration(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.0f s", Math.max(1, seconds))
                : String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }
}
