package dev.locus.experiment;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.Split;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.demo.MechanismChecks;
import dev.locus.demo.MechanismChecks.Position;
import dev.locus.demo.MechanismReport;
import dev.locus.edit.EditTask;
import dev.locus.edit.EditedModels;
import dev.locus.edit.FineTuneSettings;
import dev.locus.edit.LocalizedFineTune;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.localize.method.Probes;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import dev.locus.model.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measurements behind the investigation of why OT beat FLU on the bundled model (issue 15; the findings are in
 * the README's closing note once the lead merges it). Not a test: run it by hand with the test classpath.
 * <ul>
 * <li>{@code base [MODEL_DIR] OUT.json}: {@link MechanismReport} of a model on every athlete, standard format;</li>
 * <li>{@code edited CONFIG OUT.json}: for each method of an experiment config whose selections are all mask files,
 * the edit exactly as a run makes it (same split, targets, settings, seed), then on the edited copy: probes at the
 * last name and at the final token (trained on the maintain facts, read on the forget facts: true sport and edit
 * target), the relative change of the residual stream per layer at both positions for forget and maintain facts,
 * and layer 0's attention from the last name to the first.</li>
 * </ul>
 */
public final class MechanismTool {

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        Map<String, Object> values;
        if (args[0].equals("base")) {
            Path dir = args.length > 2 ? Path.of(args[1]) : Bundled.sportsWorld();
            Path file = Path.of(args[args.length - 1]);
            try (LocusModel model = LocusModel.load(dir, Device.cpu())) {
                Dataset data = SportsFactsCsv.read(dir.resolve("sports.csv"));
                values = MechanismReport.measure(model, data.format("standard"), data.facts(), data.attributes(), out).values();
            }
            write(file, values);
        } else {
            write(Path.of(args[2]), edited(ExperimentConfig.read(Path.of(args[1])), out));
        }
    }

    static Map<String, Object> edited(ExperimentConfig config, PrintWriter out) {
        RunInputs inputs = RunInputs.open(config);
        ExperimentRunner runner = ExperimentRunner.of(config, inputs, null, null);
        Map<String, Object> values = new LinkedHashMap<>();
        long seed = config.seeds().get(0);
        try (LocusModel model = LocusModel.load(inputs.modelFolder(), Device.cpu())) {
            Split split = runner.split(seed);
            PromptFormat format = inputs.editFormat();
            List<String> classes = inputs.data().attributes();
            measure("none", model, model, split, format, classes, values, out);
            for (String method : config.methods()) {
                Selection s = MaskFiles.readJson(Path.of(config.masks().get(method)), model);
                FineTuneSettings settings = runner.settings(method, seed);
                EditTask task = runner.task(model, split, settings);
                try (LocusModel edited = EditedModels.copy(model, s.components())) {
                    LocalizedFineTune.run(edited, s.components(), task, settings, new LocalizedFineTune.Listener() { });
                    measure(method, model, edited, split, format, classes, values, out);
                }
            }
        }
        return values;
    }

    private static void measure(String method, LocusModel base, LocusModel m, Split split, PromptFormat format,
                                List<String> classes, Map<String, Object> values, PrintWriter out) {
        MechanismChecks checks = new MechanismChecks(m, format);
        put(values, out, method + ".forget", checks.score(split.forget(), List.of()).accuracy());
        put(values, out, method + ".maintain", checks.score(split.maintainTest(), List.of()).accuracy());
        for (Position p : List.of(Position.SUBJECT_LAST, Position.FINAL)) {
            String at = p.name().toLowerCase();
            MechanismChecks.ProbeCurve c = checks.probe(p, split.maintainTrain(), split.forget(), classes);
            put(values, out, method + ".probe_true." + at, c.trueAccuracy());
            put(values, out, method + ".probe_edit." + at, c.editAccuracy());
            put(values, out, method + ".change_forget." + at, change(base, m, format, split.forget(), p));
            put(values, out, method + ".change_maintain." + at, change(base, m, format, split.maintainTest(), p));
        }
        put(values, out, method + ".attention.L0.last_to_first.forget",
                checks.attention(split.forget(), 0, Position.SUBJECT_LAST, Position.SUBJECT_FIRST));
        put(values, out, method + ".attention.L0.last_to_first.maintain",
                checks.attention(split.maintainTest(), 0, Position.SUBJECT_LAST, Position.SUBJECT_FIRST));
    }

    /** Per layer, mean over facts of |r_edited - r_base| / |r_base| of the residual stream at {@code p}. */
    private static double[] change(LocusModel base, LocusModel edited, PromptFormat format, List<Fact> facts, Position p) {
        dev.locus.data.PromptEncoder enc = new dev.locus.data.PromptEncoder(base.requireTokenizer(),
                base.config().maxPositions());
        List<dev.locus.data.EncodedPrompt> prompts = facts.stream().flatMap(f -> format.render(f).stream()
                .map(pr -> enc.encode(pr, f.subject()))).toList();
        List<int[]> ids = prompts.stream().map(dev.locus.data.EncodedPrompt::ids).toList();
        int[] at = prompts.stream().mapToInt(e -> p == Position.FINAL ? e.ids().length - 1
                : p == Position.SUBJECT_LAST ? e.subjectEnd() - 1 : e.subjectStart()).toArray();
        double[][][] a = Probes.residuals(base.transformer(), ids, at);
        double[][][] b = Probes.residuals(edited.transformer(), ids, at);
        double[] out = new double[a.length];
        for (int l = 0; l < a.length; l++) {
            for (int i = 0; i < ids.size(); i++) {
                double diff = 0;
                double norm = 0;
                for (int d = 0; d < a[l][i].length; d++) {
                    diff += (b[l][i][d] - a[l][i][d]) * (b[l][i][d] - a[l][i][d]);
                    norm += a[l][i][d] * a[l][i][d];
                }
                out[l] += Math.sqrt(diff / Math.max(norm, 1e-12)) / ids.size();
            }
        }
        return out;
    }

    private static void put(Map<String, Object> values, PrintWriter out, String key, Object v) {
        values.put(key, v);
        out.printf("%-52s %s%n", key, v instanceof double[] d
                ? Arrays.toString(Arrays.stream(d).map(x -> Math.round(x * 1000) / 1000.0).toArray()) : String.format("%.3f", (Double) v));
        out.flush();
    }

    private static void write(Path file, Map<String, Object> values) {
        AtomicFiles.write(file, o -> new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(o, values));
    }
}
