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
 * Writes {@code sweep.csv} and {@code sweep.json} (a {@code method_edit} block to paste into the config).
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

    private ParameterSweep() {
    }

    public static Map<String, Trial> run(ExperimentConfig config, String label, Path out, boolean force, List<Double> lrs,
                                         List<Double> coefs, double maintainFloor, RunListener listener) {
        return run(config, label, out, force, lrs, coefs, maintainFloor, "auto", listener);
    }

    /** As above, on {@code device}: auto, cpu or gpu (checked before anything is written). */
    public static Map<String, Trial> run(ExperimentConfig config, String label, Path out, boolean force, List<Double> lrs,
                                         List<Double> coefs, double maintainFloor, String device, RunListener listener) {
        return run(config, label, out, force, lrs, coefs, maintainFloor, device, null, listener);
    }

    /** As above, the model's weights in {@code dtype} (null: {@link ComputeType#resolve} picks for the device). */
    public static Map<String, Trial> run(ExperimentConfig config, String label, Path out, boolean force, List<Double> lrs,
                                         List<Double> coefs, double maintainFloor, String device, ComputeType dtype,
                                         RunListener listener) {
        config.checkInputsExist(label);
        ai.djl.Device on = Engines.device(device);
        RunDirectory.prepare(out, force);
        RunInputs inputs = RunInputs.open(config);
        RunRecorder recorder = new RunRecorder(out, config, listener);
        List<Trial> trials = new ArrayList<>();
        Map<String, Trial> chosen = new LinkedHashMap<>();
        try (LocusModel model = LocusModel.load(inputs.modelFolder(), on, ComputeType.resolve(dtype, on))) {
            recorder.start(model);
            long seed = config.seeds().get(0);
            // The sweep edits the facts the run would: CounterFact's filter and few-shot pool apply here too.
            ExperimentRunner runner = ExperimentRunner.of(config,
                    CounterFactProtocol.prepare(inputs, model, config.evaluation(), recorder), recorder, listener);
            Split split = runner.split(seed);
            Map<String, Selection> selections = runner.localize(model, split, seed);
            PromptFormat format = inputs.editFormat();
            for (String method : config.methods()) {
                List<Trial> mine = new ArrayList<>();
                FineTuneSettings base = runner.settings(method, seed);
                EditTask task = runner.task(model, split, base);
                for (double lr : lrs) {
                    for (double coef : coefs) {
                        FineTuneSettings s = base.withLr(lr).withForgetCoef(coef).withEvalEvery(0);
                        String stage = String.format(java.util.Locale.ROOT, "sweep %s lr %.0e coef %s", method, lr, coef);
                        listener.stage(stage);
                        long t = System.nanoTime();
                        try (LocusModel edited = EditedModels.copy(model, selections.get(method).components())) {
                            LocalizedFineTune.run(edited, selections.get(method).components(), task, s, new LocalizedFineTune.Listener() {
                                @Override
                                public void step(int step, int total, double f, double m, double g, double sec) {
                                    listener.step(stage, step, total, f);
                                }
                            });
                            FormatScorer scorer = new FormatScorer(edited);
                            FormatScore f = scorer.score(format, split.forget());
                            double trained = scorer.score(format, split.maintainTrain()).accuracy();
                            double held = split.maintainTest().isEmpty() ? trained
                                    : scorer.score(format, split.maintainTest()).accuracy();
                            Trial trial = new Trial(method, lr, coef, f.accuracy(), f.editAccuracy(), held, trained,
                                    (System.nanoTime() - t) / 1e9);
                            mine.add(trial);
                            trials.add(trial);
                        }
                        write(out, trials, chosen);
                    }
                }
                chosen.put(method, choose(mine, maintainFloor));
                write(out, trials, chosen);
            }
            recorder.finish();
        }
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
