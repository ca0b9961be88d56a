package dev.locus.cli;

import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.ForgetSpec;
import dev.locus.data.PromptFormat;
import dev.locus.data.Split;
import dev.locus.localize.Localization;
import dev.locus.localize.method.Corruption;
import dev.locus.localize.Preset;
import dev.locus.localize.method.Metric;
import dev.locus.localize.method.PathPatching;
import dev.locus.localize.method.Progress;
import dev.locus.localize.select.Strategies;
import dev.locus.model.LocusModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locus localize}: where does the model keep these facts? Scores, probe curves and masks into a folder. */
@Command(name = "localize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every head and MLP for the forget facts (or fit probes), then write the components each "
                + "selection strategy picks as masks.",
                "Writes scores.csv (and tracing.csv for causal tracing), probes.csv, and masks/<strategy>.json|.safetensors "
                + "for flu, the method's OT selections (<method>, <method>-mlps), random, random-mlps, all-mlps and nonlocalized.",
                "path-patching finds FLU itself (heads -> logits, then MLPs -> resid_pre of the earliest extraction head's "
                + "layer) and writes flu and the baselines, no OT selections."})
final class LocalizeCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--method", required = true, paramLabel = "METHOD",
            description = "causal-tracing, activation-patching, attribution-patching, path-patching or probes")
    String method;

    @Option(names = "--preset", defaultValue = "paper", paramLabel = "NAME",
            description = "settings the options below default to: paper (the paper's code: random ASCII subject tokens, "
                    + "plain attribution patching, causal tracing with sqrt(3 sd) per-prompt noise scored by the "
                    + "full-vocabulary P(answer) after restoring) or locus (subject swap, 2 integrated-gradient steps, "
                    + "3 sd noise scored by the indirect effect on P(answer) among the candidates) (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write into (created if needed)")
    Path out;

    @Option(names = "--forget", defaultValue = "first:64", paramLabel = "SPEC",
            description = "facts to localize: first:N, random:N:seed=S or attribute:NAME (default: ${DEFAULT-VALUE}); "
                    + "probes train on the other facts")
    String forget;

    @Option(names = "--format", paramLabel = "NAME",
            description = "prompt format to localize in (default: standard, or the dataset's first format)")
    String format;

    @Option(names = "--corruption", paramLabel = "KIND",
            description = "subject-swap, random-tokens, random-ascii or noise (default: the preset's: noise for causal "
                    + "tracing, random-ascii (paper) or subject-swap (locus) otherwise)")
    String corruption;

    @Option(names = "--noise", paramLabel = "SCALE",
            description = "noise std for --corruption noise: 3sd (ROME: of all subject embeddings), sqrt3sd (the paper's "
                    + "code: sqrt of 3 sd of each prompt's subject embeddings) or a number (default: the preset's: "
                    + "sqrt3sd (paper) or 3sd (locus))")
    String noise;

    @Option(names = "--metric", paramLabel = "METRIC",
            description = "logit-diff, prob (among the candidates) or full-vocab-prob (default: the preset's: for causal "
                    + "tracing full-vocab-prob (paper) or prob (locus), logit-diff otherwise)")
    String metric;

    @Option(names = "--denoise", description = "activation patching: restore clean activations into the corrupted run "
            + "(default: corrupt one activation of the clean run)")
    boolean denoise;

    @Option(names = "--per-position", description = "activation patching: also patch each component at each token position")
    boolean perPosition;

    @Option(names = "--ig-steps", paramLabel = "N",
            description = "attribution patching: gradient steps; 1 is plain attribution patching (the paper's), more "
                    + "integrate gradients between corrupted and clean (default: the preset's: 1 (paper) or 2 (locus))")
    Integer igSteps;

    @Option(names = "--top-heads", defaultValue = "10", paramLabel = "N",
            description = "path patching: extraction heads, the top N by direct effect on the logits (default: ${DEFAULT-VALUE})")
    int topHeads;

    @Option(names = "--mlp-threshold", defaultValue = "0.02", paramLabel = "F",
            description = "path patching: an MLP joins FLU when its |normalized effect| exceeds F (default: ${DEFAULT-VALUE})")
    double mlpThreshold;

    @Option(names = "--window", defaultValue = "1", paramLabel = "N",
            description = "causal tracing: layers restored together for the mlp and attn heatmaps (ROME: 10; default: ${DEFAULT-VALUE})")
    int window;

    @Option(names = "--prompts", defaultValue = "0", paramLabel = "N",
            description = "use only the first N forget prompts (default: all)")
    int prompts;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "corruption and random selections (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--flu-layers", paramLabel = "A-B", description = "FLU MLP layers by hand, e.g. 2-7 (default: from probes)")
    String fluLayers;

    @Option(names = "--flu-rise", defaultValue = "0.1", paramLabel = "F",
            description = "FLU starts at the first layer gaining this share of the probe's rise (default: ${DEFAULT-VALUE})")
    double fluRise;

    @Option(names = "--flu-plateau", defaultValue = "0.95", paramLabel = "F",
            description = "FLU ends at the first layer reaching this share of the rise (default: ${DEFAULT-VALUE})")
    double fluPlateau;

    @Option(names = "--budget-rule", defaultValue = "prefix", paramLabel = "RULE",
            description = "how OT and random spend FLU's parameter count: prefix (the paper's: up to and including the"
                    + " component that crosses it) or fit (only what fits) (default: ${DEFAULT-VALUE})")
    String budgetRule;

    @Option(names = "--random-units", defaultValue = "matrices", paramLabel = "UNITS",
            description = "what random draws: matrices (single W_Q ... W_out, the paper's) or layers (default: ${DEFAULT-VALUE})")
    String randomUnits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Localization.Method m = Localization.Method.parse(method.strip().toLowerCase(Locale.ROOT));
        Preset p = Preset.parse(preset);
        String noiseScale = noise != null ? noise : p.noise();
        Localization.Request request = Localization.Request.of(m).withPreset(p)
                .withCorruption(Corruption.parse(corruption == null ? p.corruption(m).text() : corruption, noiseScale, seed))
                .withMetric(metric == null ? null : Metric.parse(metric)).withDenoise(denoise).withPerPosition(perPosition)
                .withIgSteps(igSteps == null ? 0 : positive("--ig-steps", igSteps)).withWindow(positive("--window", window))
                .withPathPatching(PathPatching.Options.defaults().withTopHeads(positive("--top-heads", topHeads))
                        .withMlpThreshold(mlpThreshold))
                .withPrompts(Math.max(0, prompts)).withSeed(seed).withFluLayers(layers(fluLayers))
                .withFluRule(new Strategies.FluRule(fluRise, fluPlateau));
        Localization.Rules rules = new Localization.Rules(null, Strategies.BudgetRule.parse(budgetRule),
                Strategies.RandomUnits.parse(randomUnits));
        Dataset data = dataOptions.load();
        PromptFormat f = data.formatOrStandard(format);
        Split split = Split.of(data, ForgetSpec.parse(forget));
        PrintWriter console = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        split.warnings().forEach(w -> err.println("locus: note: " + w));
        try (LocusModel model = modelOptions.load()) {
            Localization.Result result = Localization.run(model, data, f, split, request, rules, new dev.locus.cli.shared.ConsoleProgress(err));
            Localization.write(out, result, model);
            Localization.summary(result).forEach(console::println);
            result.seconds().forEach((stage, s) -> console.printf(Locale.ROOT, "time %-22s %.1f s%n", stage, s));
            console.println("wrote " + out);
        }
        console.flush();
        return 0;
    }

    private static int positive(String option, int v) {
        if (v < 1) {
            throw new LocusException(option + " must be at least 1, not " + v);
        }
        return v;
    }

    private static int[] layers(String text) {
        if (text == null) {
            return null;
        }
        String[] parts = text.strip().split("-");
        try {
            int from = Integer.parseInt(parts[0].strip());
            int to = parts.length == 2 ? Integer.parseInt(parts[1].strip()) : from;
            if (parts.length <= 2 && from >= 0 && to >= from) {
                return new int[] {from, to};
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new LocusException("--flu-layers '" + text + "' not understood; expected a layer range such as 2-7");
    }
}
