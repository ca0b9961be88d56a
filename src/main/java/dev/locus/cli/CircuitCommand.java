package dev.locus.cli;

import dev.locus.cli.shared.ConsoleProgress;
import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.ForgetSpec;
import dev.locus.data.PromptFormat;
import dev.locus.data.Split;
import dev.locus.export.circuit.CircuitFigure;
import dev.locus.localize.circuit.Circuit;
import dev.locus.localize.circuit.CircuitFiles;
import dev.locus.localize.circuit.CircuitReport;
import dev.locus.localize.circuit.CircuitRun;
import dev.locus.localize.circuit.CircuitSelection;
import dev.locus.localize.circuit.EdgeScores;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.localize.method.Metric;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locus circuit}: which edges between components carry these facts? Edge scores, a circuit, its faithfulness. */
@Command(name = "circuit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every edge between components (embeddings, heads, MLPs -> each head's q, k, v input, each "
                + "MLP's input, the logits) for the forget facts, choose a circuit, and measure how much of the "
                + "clean-minus-corrupted metric it keeps with every other edge corrupted (faithfulness).",
                "Writes edges.csv, circuit.json, faithfulness.csv, circuit.png|svg|pdf and masks/circuit.json|.safetensors."})
final class CircuitCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--method", defaultValue = "eap-ig", paramLabel = "METHOD",
            description = "eap (edge attribution patching), eap-ig (with integrated gradients) or edge-patching (exact, "
                    + "one patched copy per edge) (default: ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--ig-steps", defaultValue = "5", paramLabel = "N",
            description = "eap-ig: interpolation steps between corrupted and clean embeddings (default: ${DEFAULT-VALUE})")
    int igSteps;

    @Option(names = "--top", paramLabel = "K", description = "the circuit: the top K edges by |score|, pruned")
    Integer top;

    @Option(names = "--threshold", paramLabel = "T",
            description = "the circuit: edges whose |normalized score| is at least T, pruned")
    Double threshold;

    @Option(names = "--faithfulness", paramLabel = "F",
            description = "the circuit: the smallest top-k circuit that keeps this share of the metric (the default, "
                    + "with F = 0.8, when neither --top nor --threshold is given)")
    Double faithfulness;

    @Option(names = "--per-position", description = "eap, eap-ig: also score edges at each position class "
            + "(rows of edges.csv with that position)")
    boolean perPosition;

    @Option(names = "--patch-from-layer", defaultValue = "0", paramLabel = "L",
            description = "edge-patching: only edges into layer L and later (and the logits) (default: all)")
    int patchFromLayer;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write into (created if needed)")
    Path out;

    @Option(names = "--forget", defaultValue = "first:64", paramLabel = "SPEC",
            description = "facts to find the circuit of: first:N, random:N:seed=S or attribute:NAME (default: ${DEFAULT-VALUE})")
    String forget;

    @Option(names = "--format", paramLabel = "NAME",
            description = "prompt format (default: standard, or the dataset's first format)")
    String format;

    @Option(names = "--corruption", defaultValue = "subject-swap", paramLabel = "KIND",
            description = "subject-swap, random-tokens, random-ascii or noise (default: ${DEFAULT-VALUE})")
    String corruption;

    @Option(names = "--metric", defaultValue = "logit-diff", paramLabel = "METRIC",
            description = "logit-diff, prob or full-vocab-prob (default: ${DEFAULT-VALUE})")
    String metric;

    @Option(names = "--prompts", defaultValue = "0", paramLabel = "N", description = "use only the first N prompts (default: all)")
    int prompts;

    @Option(names = "--prompts-per-pass", defaultValue = "16", paramLabel = "N",
            description = "prompts per forward pass: sets peak memory, not the scores (default: ${DEFAULT-VALUE})")
    int promptsPerPass;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "the corruption's choices (default: ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CircuitRun.Request request = new CircuitRun.Request(CircuitRun.Method.parse(method.strip().toLowerCase(Locale.ROOT)),
                igSteps, top == null ? 0 : atLeastOne("--top", top), threshold == null ? Double.NaN : threshold,
                faithfulness == null ? Double.NaN : faithfulness, perPosition, Corruption.parse(corruption, "3sd", seed),
                Metric.parse(metric), atLeastOne("--prompts-per-pass", promptsPerPass), 0, Math.max(0, patchFromLayer));
        Dataset data = dataOptions.load();
        PromptFormat f = data.formatOrStandard(format);
        Split split = Split.of(data, ForgetSpec.parse(forget));
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        split.warnings().forEach(w -> err.println("locus: note: " + w));
        try (LocusModel model = modelOptions.load()) {
            LocalizationSet set = LocalizationSet.of(model, f, split.forget(), data.attributes());
            if (prompts > 0) {
                set = set.limit(prompts);
            }
            long t = System.nanoTime();
            CircuitReport report = CircuitRun.run(model, set, request, new ConsoleProgress(err));
            double seconds = (System.nanoTime() - t) / 1e9;
            createFolder(out.resolve("masks"));
            CircuitFiles.write(out, report);
            CircuitFigure.writeAll(report, out, "circuit", 150, java.util.List.of(), java.util.List.of());
            Selection selection = CircuitSelection.of(report.circuit(), model.components());
            MaskFiles.write(out.resolve("masks"), selection, model);
            summary(report, selection, seconds).forEach(console::println);
            console.println("wrote " + out);
        }
        console.flush();
        return 0;
    }

    private static java.util.List<String> summary(CircuitReport report, Selection selection, double seconds) {
        EdgeScores s = report.scores();
        Circuit c = report.circuit();
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s: %s; metric clean %.3f, corrupted %.3f", s.method(), s.setting(),
                s.clean(), s.corrupted()));
        StringBuilder b = new StringBuilder("top edges:");
        s.ranked().stream().limit(5).forEach(e -> b.append(String.format(Locale.ROOT, " %s %.3f;", s.edgeName(e),
                e.score())));
        lines.add(b.toString());
        lines.add(String.format(Locale.ROOT, "circuit: %d edges, %d nodes, faithfulness %.3f (%s)", c.edges().size(),
                c.nodes().size(), report.faithfulness(), c.rule()));
        StringBuilder curve = new StringBuilder("faithfulness by top k:");
        report.curve().forEach(p -> curve.append(String.format(Locale.ROOT, " %d:%.2f", p.top(), p.faithfulness())));
        lines.add(curve.toString());
        lines.add(String.format(Locale.ROOT, "selection: %,d params  %s", selection.parameterCount(),
                String.join(" ", selection.components().ids())));
        lines.add(String.format(Locale.ROOT, "time %.1f s", seconds));
        return lines;
    }

    private static void createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LocusException(dir + ": cannot create the output folder (" + e.getMessage() + ")", e);
        }
    }

    private static int atLeastOne(String option, int v) {
        if (v < 1) {
            throw new LocusException(option + " must be at least 1, not " + v);
        }
        return v;
    }
}
