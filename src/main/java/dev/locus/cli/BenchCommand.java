package dev.locus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.ForgetSpec;
import dev.locus.data.Split;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.LocalizationBenchmark;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import dev.locus.model.bench.ThroughputBenchmark.Report;
import dev.locus.model.bench.ThroughputBenchmark.Result;
import dev.locus.model.bench.ThroughputBenchmark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locus bench}: this machine's matmul ceiling and the transformer's throughput against it. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the matmul ceiling (GFLOP/s), then forward and forward+backward tokens/s of a "
                + "GPT-2-small-shaped model (batch 8 x 64) and a small Llama (6 layers, d_model 128, batch 64 x 32), "
                + "with random weights, each as a fraction of the ceiling.",
                "FLOPs/token: 2 x parameters forward, 6 x forward+backward; the unembedding is counted, "
                + "embedding lookups and attention scores are not. Run it on an idle machine."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "libtorch intra-op threads (default: one per core)")
    int threads;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "3", description = "time per measurement (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu", description = "compute device")
    String device;

    @Option(names = "--skip-localization", description = "only the throughput part (the localization part needs the bundled model)")
    boolean skipLocalization;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (threads < 0 || seconds <= 0) {
            throw new LocusException("--threads must be positive and --seconds above 0");
        }
        Engines.start(threads);
        ThroughputBenchmark bench = new ThroughputBenchmark(Engines.device(device), seconds);
        PrintWriter out = spec.commandLine().getOut();
        Report r = bench.run(ThroughputBenchmark.standardCases());
        LocalizationBenchmark loc = skipLocalization ? null : localization();
        if (json) {
            Map<String, Object> o = asJson(r);
            if (loc != null) {
                o.put("localization", asJson(loc));
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
        } else {
            out.printf("matmul ceiling   %.1f GFLOP/s (1024^3 float32, %d thread%s)%n", r.matmulGflops(), r.threads(), r.threads() == 1 ? "" : "s");
            for (Result x : r.results()) {
                out.printf("%-12s batch %d x %d, %,d FLOP parameters%n", x.name(), x.batch(), x.seq(), x.flopParameters());
                out.printf("  forward          %,10.0f tokens/s  %5.1f%% of ceiling%n", x.forwardTokensPerSecond(),
                        100 * x.forwardFraction());
                out.printf("  forward+backward %,10.0f tokens/s  %5.1f%% of ceiling%n", x.trainTokensPerSecond(),
                        100 * x.trainFraction());
            }
            out.println("FLOPs/token: 2 x (6 x) parameters; unembedding counted; attention scores not counted");
            if (loc != null) {
                out.printf("localization on Sports World, %d forget prompts (standard format), %d heads + MLPs%n",
                        loc.prompts(), loc.components());
                out.printf("  one forward+backward        %6.3f s%n", loc.forwardBackwardSeconds());
                out.printf("  attribution patching (IG 2) %6.3f s  = %.2f x forward+backward (target <= 3)%n",
                        loc.attributionSeconds(), loc.attributionRatio());
                out.printf("  attribution patching plain  %6.3f s  = %.2f x forward+backward%n",
                        loc.plainAttributionSeconds(), loc.plainAttributionRatio());
                out.printf("  exact activation patching   %6.3f s  = %.1f components/s (%,.0f patched prompts/s)%n",
                        loc.exactSeconds(), loc.exactComponentsPerSecond(), loc.exactComponentsPerSecond() * loc.prompts());
                out.printf("  causal tracing              %6.3f s  (heatmap 3 sites x layers x positions, and components)%n",
                        loc.tracingSeconds());
            }
            if (r.machineBusy()) {
                out.printf("warning: other processes used %.1f cores meanwhile; these figures understate the machine%n",
                        r.otherCores());
            }
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> asJson(Result x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", x.name());
        m.put("batch", x.batch());
        m.put("seq", x.seq());
        m.put("flop_parameters", x.flopParameters());
        m.put("forward_tokens_per_s", x.forwardTokensPerSecond());
        m.put("forward_fraction_of_ceiling", x.forwardFraction());
        m.put("train_tokens_per_s", x.trainTokensPerSecond());
        m.put("train_fraction_of_ceiling", x.trainFraction());
        return m;
    }

    /** The localization figures on the bundled model's first 64 facts. */
    private static LocalizationBenchmark localization() {
        Path demo = ModelOptions.demoFolder();
        try (LocusModel model = LocusModel.load(demo, ai.djl.Device.cpu())) {
            Dataset data = SportsFactsCsv.read(demo.resolve("sports.csv"));
            Split split = Split.of(data, ForgetSpec.first(64));
            LocalizationSet set = LocalizationSet.of(model, data.format("standard"), split.forget(), data.attributes());
            return LocalizationBenchmark.run(model, set, true);
        }
    }

    private static Map<String, Object> asJson(LocalizationBenchmark b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompts", b.prompts());
        m.put("components", b.components());
        m.put("forward_backward_s", b.forwardBackwardSeconds());
        m.put("attribution_patching_s", b.attributionSeconds());
        m.put("attribution_over_forward_backward", b.attributionRatio());
        m.put("plain_attribution_patching_s", b.plainAttributionSeconds());
        m.put("plain_attribution_over_forward_backward", b.plainAttributionRatio());
        m.put("exact_patching_s", b.exactSeconds());
        m.put("exact_components_per_s", b.exactComponentsPerSecond());
        m.put("causal_tracing_s", b.tracingSeconds());
        return m;
    }

    private static Map<String, Object> asJson(Report r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threads", r.threads());
        m.put("matmul_gflops", r.matmulGflops());
        m.put("unembedding_counted", true);
        m.put("attention_scores_counted", false);
        m.put("models", r.results().stream().map(BenchCommand::asJson).toList());
        m.put("other_process_cores", r.otherCores());
        m.put("machine_busy", r.machineBusy());
        return m;
    }
}
