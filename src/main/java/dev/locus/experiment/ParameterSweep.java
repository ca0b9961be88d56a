package dev.locus.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.data.PromptFormat;
import dev.locus.data.Split;
import dev.locus.edit.EditTask;
import dev.locus.edit.EditedModels;
import dev.locus.edit.FineTuneSettings;
import dev.locus.edit.LocalizedFineTune;
import dev.locus.eval.FormatScore;
import dev.locus.eval.FormatScorer;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.select.Selection;
import dev.locus.model.ComputeType;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import dev.locus.model.io.AtomicFiles;
import dev.locus.model.io.CsvWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's way of choosing each method's learning rate and forget coefficient: edit with every pair of a grid and
 * keep, per method, the pair that forgets best in the edit format among those that keep maintain accuracy at or above
 * a floor (or, when none does, the pair with the largest maintain minus forget accuracy). Only the edit format's
 * forget and maintain accuracies decide: never the other formats, relearning or probes, which the comparison is
 * about. Accuracies are the paper's (continuous, {@link FormatScore#accuracy()}); maintain is measured on the
 * held-out maintain facts, as the paper's Maintain Accuracy (on the trained ones when the split holds none out).
 * Each trial is a run of its own ({@link #trial}); a sweep (dev.locus.sweep) runs them and {@link #summarize} writes
 * {@code sweep.csv} and {@code sweep.json} (a {@code method_edit} block to paste into the config).
 */
public final class ParameterSweep {

    /**
     * One edit of the grid.
     *
     * @param maintain accuracy on the held-out maintain facts (the trained ones when none is held out): what chooses
     * @param maintainTrain accuracy on the maintain facts the edit trains on
     */
    public record Trial(String method, double lr, double forgetCoef, double forget, double edit, double maintain,
            double maintainTrain, double seconds) {
    }

    /** The file of a trial's numbers in its run folder. */
    public static final String TRIAL_FILE = "trial.json";

    private ParameterSweep() {
    }

    /**
     * One trial into run folder {@code out} (new or empty, or replaced with {@code force}): {@code config}'s first
     * method edited with its own edit settings (a sweep writes the trial's learning rate and forget coefficient
     * there) on its first seed, then scored in the edit format. Writes the run's {@code config.json},
     * {@code run.json}, and {@code trial.json} with the numbers; returns them.
     */
    public static Trial trial(ExperimentConfig config, String label, Path out, boolean force, String device,
                              ComputeType dtype, RunListener listener) {
        config.checkInputsExist(label);
        ai.djl.Device on = Engines.device(device);
        RunDirectory.prepare(out, force);
        RunInputs inputs = RunInputs.open(config);
        RunRecorder recorder = new RunRecorder(out, config, listener);
        try (LocusModel model = LocusModel.load(inputs.modelFolder(), on, ComputeType.resolve(dtype, on))) {
            recorder.start(model);
            long seed = config.seeds().get(0);
            String method = config.methods().get(0);
            // The sweep edits the facts the run would: CounterFact's filter and few-shot pool apply here too.
            ExperimentRunner runner = ExperimentRunner.of(config,
                    CounterFactProtocol.prepare(inputs, model, config.evaluation(), recorder), recorder, listener);
            Split split = runner.split(seed);
            Selection selection = runner.localize(model, split, seed).get(method);
            FineTuneSettings s = runner.settings(method, seed).withEvalEvery(0);
            EditTask task = runner.task(model, split, s);
            String stage = String.format(java.util.Locale.ROOT, "trial %s lr %.0e coef %s", method, s.lr(),
                    s.forgetCoef());
            listener.stage(stage);
            long t = System.nanoTime();
            Trial trial;
            try (LocusModel edited = EditedModels.copy(model, selection.components())) {
                LocalizedFineTune.run(edited, selection.components(), task, s, new LocalizedFineTune.Listener() {
                    @Override
                    public void step(int step, int total, double f, double m, double g, double sec) {
                        listener.step(stage, step, total, f);
                    }
                });
                FormatScorer scorer = new FormatScorer(edited);
                PromptFormat format = inputs.editFormat();
                FormatScore f = scorer.score(format, split.forget());
                double trained = scorer.score(format, split.maintainTrain()).accuracy();
                double held = split.maintainTest().isEmpty() ? trained
                        : scorer.score(format, split.maintainTest()).accuracy();
                trial = new Trial(method, s.lr(), s.forgetCoef(), f.accuracy(), f.editAccuracy(), held, trained,
                        (System.nanoTime() - t) / 1e9);
            }
            ObjectNode n = RunRecorder.JSON.valueToTree(trial);
            AtomicFiles.writeString(out.resolve(TRIAL_FILE), n.toPrettyString() + "\n");
            recorder.finish();
            return trial;
        }
    }

    /** A trial's numbers as {@link #trial} wrote them into its run folder. */
    public static Trial readTrial(Path runFolder) {
        Path f = runFolder.resolve(TRIAL_FILE);
        try {
            return RunRecorder.JSON.readValue(f.toFile(), Trial.class);
        } catch (java.io.IOException e) {
            throw new dev.locus.core.LocusException(f + ": cannot read the trial's numbers (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Chooses per method among {@code trials} (in method order) and writes {@code sweep.csv} and {@code sweep.json}
     * into {@code out}; returns the choices.
     */
    public static Map<String, Trial> summarize(Path out, List<Trial> trials, double maintainFloor) {
        Map<String, List<Trial>> byMethod = new LinkedHashMap<>();
        trials.forEach(t -> byMethod.computeIfAbsent(t.method(), k -> new ArrayList<>()).add(t));
        Map<String, Trial> chosen = new LinkedHashMap<>();
        byMethod.forEach((m, mine) -> chosen.put(m, choose(mine, maintainFloor)));
        write(out, trials, chosen);
        return chosen;
    }

    /** The best-forgetting trial that keeps maintain at or above the floor; else the largest maintain - forget. */
    static Trial choose(List<Trial> trials, double floor) {
        Trial best = null;
        for (Trial t : trials) {
            if (t.maintain() >= floor && (best == null || t.forget() < best.forget()
                    || t.forget() == best.forget() && t.maintain() > best.maintain())) {
                best = t;
            }
        }
        if (best != null) {
            return best;
        }
        for (Trial t : trials) {
            if (best == null || t.maintain() - t.forget() > best.maintain() - best.forget()) {
                best = t;
            }
        }
        return best;
    }

    private static void write(Path out, List<Trial> trials, Map<String, Trial> chosen) {
        List<List<?>> rows = new ArrayList<>();
        for (Trial t : trials) {
            rows.add(List.of(t.method(), t.lr(), t.forgetCoef(), t.forget(), t.edit(), t.maintain(), t.maintainTrain(),
                    t.seconds(), chosen.get(t.method()) == t));
        }
        CsvWriter.write(out.resolve("sweep.csv"), List.of("method", "lr", "forget_coef", "forget", "edit", "maintain",
                "maintain_train", "seconds", "chosen"), rows);
        ObjectNode root = RunRecorder.JSON.createObjectNode();
        ObjectNode edits = root.putObject("method_edit");
        chosen.forEach((m, t) -> edits.putObject(m).put("lr", t.lr()).put("forget_coef", t.forgetCoef()));
        AtomicFiles.writeString(out.resolve("sweep.json"), root.toPrettyString());
    }
}
