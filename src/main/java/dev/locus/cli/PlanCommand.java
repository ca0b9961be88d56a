package dev.locus.cli;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.Bundled;
import dev.locus.model.ComputeType;
import dev.locus.model.MemoryBudget;
import dev.locus.model.budget.Estimate;
import dev.locus.model.budget.Estimator;
import dev.locus.plan.ExperimentPlan;
import dev.locus.plan.ModelShape;
import dev.locus.plan.Throughput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code locus plan CONFIG}: each stage's and method's memory and time, estimated without loading the weights. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Estimate, before running CONFIG, each stage's peak memory and time per method on a device: "
                + "load, localize, edit, relearn, soft prompt, evaluate. Reads config.json and the safetensors headers "
                + "only. The same estimator refuses work that will not fit when a run starts.",
                "The numbers are estimates: memory from the model's shape and the config's batches, time from this "
                + "CPU's measured matmul rate (or an assumed GPU rate)."})
final class PlanCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment config (JSON)")
    Path config;

    @picocli.CommandLine.Mixin
    dev.locus.cli.shared.ComputeOptions compute;     // the device and type to plan for

    @Option(names = "--model", paramLabel = "DIR", description = "model folder (default: the config's)")
    Path model;

    @Option(names = "--shape", paramLabel = "NAME|FILE",
            description = "plan for a published shape without its folder (llama-3.2-1b, gemma-2-2b, gemma-7b, "
                    + "llama-3-8b, gemma-2-9b) or a config.json file")
    String shape;

    @Option(names = "--gpu-memory", paramLabel = "SIZE[,SIZE]", split = ",",
            description = "plan for a GPU of this much free memory (e.g. 80GB, or 80GB,141GB), whether or not one is here")
    List<String> gpuMemory;

    @Option(names = "--micro-batch", defaultValue = "0", paramLabel = "N",
            description = "plan every training stage in micro-batches of N rows (default: 0, the whole batch at once)")
    int microBatch;

    @Option(names = "--markdown", description = "one row per method (edit, relearn, soft prompt), as a Markdown table")
    boolean markdown;

    @Option(names = "--prompt-tokens", paramLabel = "N",
            description = "tokens per prompt (default: the data's longest under the model's tokenizer, else 32)")
    Integer promptTokens;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ExperimentConfig c = ExperimentConfig.read(config);
        boolean gpu;
        long available;
        if (gpuMemory != null) {
            gpu = true;
            available = parseSize(gpuMemory.get(0));
        } else {
            Device d = compute.device();
            gpu = d.isGpu();
            available = MemoryBudget.availableBytes(d);
        }
        ComputeType chosen = compute.computeType();        // null: auto, as a model would load there
        int bytes = (chosen != null ? chosen : gpu ? ComputeType.FLOAT16 : ComputeType.FLOAT32).bytes();
        ModelShape s = shape != null ? ModelShape.of(shape) : ModelShape.ofFolder(folder(c));
        ExperimentPlan.Lengths lengths = new ExperimentPlan.Lengths(promptTokens == null ? 32 : promptTokens,
                ExperimentPlan.Lengths.DEFAULTS.textTokens(), ExperimentPlan.Lengths.DEFAULTS.forgetFacts());
        String lengthSource = "prompts of " + lengths.promptTokens() + " tokens and general text of "
                + lengths.textTokens() + " assumed";
        if (shape == null && promptTokens == null) {
            dev.locus.model.MemoryBudget.Workload w = measured(c, Path.of(s.name()));
            if (w != null) {
                lengths = new ExperimentPlan.Lengths(w.positions(), w.textPositions(), lengths.forgetFacts());
                lengthSource = "the data's longest prompt (" + w.positions() + " tokens) and general-text window ("
                        + w.textPositions() + ")";
            }
        }
        if (microBatch < 0) {
            throw new LocusException("--micro-batch " + microBatch + ": must be 0 (the whole batch) or more");
        }
        List<Estimate> rows = ExperimentPlan.of(c, s, bytes, lengths.withMicroBatch(microBatch));
        Throughput rate = Throughput.of(gpu, bytes);
        long overhead = gpu ? 0 : Estimator.JVM_BYTES;
        PrintWriter out = spec.commandLine().getOut();
        String where = gpu ? "a GPU" : "this CPU";
        if (markdown) {
            List<Long> sizes = gpuMemory == null ? List.of(available)
                    : gpuMemory.stream().map(PlanCommand::parseSize).toList();
            PlanTables.markdown(out, rows, sizes, overhead, gpu);
        } else if (json) {
            printJson(out, c, s, rows, rate, available, overhead, gpu, bytes);
        } else {
            out.printf(Locale.ROOT, "%s on %s (%s, %,d parameters) on %s in %s; free memory %s%s%n", c.name(), s.name(),
                    s.config().architecture(), s.parameters(), where, bytes == 2 ? "float16" : bytes == 8 ? "float64"
                            : "float32", available < 0 ? "unknown" : MemoryBudget.size(available),
                    gpu ? "" : "; the JVM's own " + MemoryBudget.size(overhead) + " counted apart");
            out.printf(Locale.ROOT, "%-12s %-26s %10s %5s %10s  %s%n", "stage", "method", "peak", "fits", "time", "what");
            for (Estimate e : rows) {
                out.printf(Locale.ROOT, "%-12s %-26s %10s %5s %10s  %s%n", e.stage(), e.method(),
                        MemoryBudget.size(e.peakBytes()), fits(e, available, overhead), time(e.seconds(rate.gflops())),
                        e.note());
            }
            // the rate's source names its GFLOP/s where it was measured; assumed rates get theirs here
            String source = rate.source().contains("GFLOP/s") ? rate.source()
                    : rate.source() + String.format(Locale.ROOT, ", %.0f GFLOP/s", rate.gflops());
            out.println("estimates: memory from the shape and the config's batches, " + lengthSource + "; time at "
                    + source + ".");
        }
        out.flush();
        return 0;
    }

    /** The data's lengths under the folder's tokenizer; null when the data or the tokenizer cannot be read. */
    private static dev.locus.model.MemoryBudget.Workload measured(ExperimentConfig c, Path folder) {
        try {
            return dev.locus.experiment.ExperimentRunner.workload(c, folder, 1);
        } catch (LocusException | java.io.UncheckedIOException e) {
            return null;
        }
    }

    private Path folder(ExperimentConfig c) {
        if (model != null) {
            return model;
        }
        if (c.model().equals(Bundled.DEMO)) {
            return Bundled.sportsWorld();
        }
        Path p = Path.of(c.model());
        if (!java.nio.file.Files.isDirectory(p)) {
            throw new LocusException(config + ": model: " + c.model() + ": no such folder; pass --model DIR, or"
                    + " --shape NAME to plan for a published shape without its weights");
        }
        return p;
    }

    static String fits(Estimate e, long available, long overhead) {
        return available < 0 ? "?" : e.peakBytes() + overhead <= available ? "yes" : "NO";
    }

    static String time(double seconds) {
        if (Double.isNaN(seconds)) {
            return "?";
        }
        if (seconds < 1) {
            return "<1 s";
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.0f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    /** "80GB", "141 GB", "512MiB", "1e9" (bytes). */
    static long parseSize(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace(" ", "");
        long unit = 1;
        String[][] units = {{"GIB", "1073741824"}, {"MIB", "1048576"}, {"GB", "1000000000"}, {"MB", "1000000"},
                {"G", "1000000000"}, {"M", "1000000"}, {"B", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length());
                break;
            }
        }
        try {
            double v = Double.parseDouble(t);
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new LocusException("--gpu-memory " + text + ": expected a size such as 80GB or 141GB");
        }
    }

    private static void printJson(PrintWriter out, ExperimentConfig c, ModelShape s, List<Estimate> rows,
                                  Throughput rate, long available, long overhead, boolean gpu, int bytes) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("config", c.name());
        root.put("model", s.name());
        root.put("parameters", s.parameters());
        root.put("device", gpu ? "gpu" : "cpu");
        root.put("compute_bytes", bytes);
        root.put("available_bytes", available);
        root.put("jvm_bytes", overhead);
        root.put("gflops", rate.gflops());
        root.put("gflops_source", rate.source());
        ArrayNode stages = root.putArray("stages");
        for (Estimate e : rows) {
            ObjectNode o = stages.addObject();
            o.put("stage", e.stage());
            o.put("method", e.method());
            o.put("peak_bytes", e.peakBytes());
            o.put("weight_bytes", e.weightBytes());
            o.put("trained_bytes", e.trainedBytes());
            o.put("activation_bytes", e.activationBytes());
            o.put("logit_bytes", e.logitBytes());
            o.put("trained_parameters", e.trainedParameters());
            o.put("flops", e.flops());
            o.put("seconds", e.seconds(rate.gflops()));
            o.put("fits", available < 0 ? null : e.peakBytes() + overhead <= available);
            o.put("note", e.note());
        }
        try {
            out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
