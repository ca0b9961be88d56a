package dev.locus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.ForgetSpec;
import dev.locus.data.Split;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.localize.LocalizationBenchmark;
import dev.locus.localize.circuit.CircuitBenchmark;
import dev.locus.localize.method.LocalizationSet;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import dev.locus.bench.Comparison;
import dev.locus.bench.Figures;
import dev.locus.bench.PeerBench;
import dev.locus.bench.ThroughputBenchmark;
import dev.locus.bench.ThroughputBenchmark.Report;
import dev.locus.bench.ThroughputBenchmark.Result;
import dev.locus.model.natives.MklCodePath;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locus bench}: this machine's matmul ceiling and the transformer's throughput, beside PyTorch's when asked. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the matmul ceiling (GFLOP/s), then forward and forward+backward tokens/s of a "
                + "GPT-2-small-shaped model (batch 8 x 64) and a small Llama (6 layers, d_model 128, batch 64 x 32; "
                + "its training step includes AdamW), with random weights, each as a fraction of the ceiling; "
                + "then what localization costs on the bundled model.",
                "--compare-peer runs the same work in PyTorch eager (peer_bench.py, shipped in the jar; needs a "
                + "Python with torch) before Locus at each thread count, and prints both with their ratios.",
                "FLOPs/token: 2 x parameters forward, 6 x forward+backward; the unembedding is counted, "
                + "embedding lookups and attention scores are not. Run it on an idle machine."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", split = ",",
            description = "libtorch intra-op thread counts to measure at (default: one per core; with --compare-peer: 1 and one per core)")
    List<Integer> threads;

    @Option(names = "--runs", paramLabel = "R", defaultValue = "5", description = "timed runs per measurement; the median is reported (default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", paramLabel = "W", defaultValue = "2", description = "untimed runs first (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--compare-peer", description = "also run peer_bench.py (PyTorch eager) at each thread count, and print the side-by-side table")
    boolean comparePeer;

    @Option(names = "--python", paramLabel = "PATH", description = "the Python with torch for --compare-peer (default: /usr/bin/python3, else python3)")
    String python;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu", description = "compute device")
    String device;

    @Option(names = "--skip-localization", description = "only the throughput part (the localization part needs the bundled model)")
    boolean skipLocalization;

    @Option(names = "--circuits", description = "also measure circuits on the bundled model: EAP and EAP-IG in forward+backward"
            + " passes, exact edge patching in edges/s over the edges into the last 4 layers, and Pearson r of each against it")
    boolean circuits;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> counts = threads != null ? threads : comparePeer && cores > 1 ? List.of(1, cores) : List.of(cores);
        if (counts.stream().anyMatch(t -> t < 1) || runs < 1 || warmup < 0) {
            throw new LocusException("--threads must be positive, --runs at least 1 and --warmup at least 0");
        }
        PeerBench peer = comparePeer ? new PeerBench(python != null ? python : PeerBench.defaultPython(), runs, warmup) : null;
        if (peer != null) {
            peer.check();                      // before the long part: one line on what to install
        }
        Engines.start(counts.get(0));
        ThroughputBenchmark bench = new ThroughputBenchmark(Engines.device(device), runs, warmup);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Report> reports = new ArrayList<>();
        List<Figures> peerFigures = new ArrayList<>();
        List<Object> peerJson = new ArrayList<>();
        for (int t : counts) {
            if (peer != null) {
                err.printf("peer_bench.py (PyTorch eager), %d thread%s%n", t, t == 1 ? "" : "s");
                err.flush();
                PeerBench.Result p = peer.run(t, line -> {
                    err.println("  " + line);
                    err.flush();
                });
                peerFigures.add(p.figures());
                peerJson.add(p.json());
            }
            err.printf("Locus, %d thread%s%n", t, t == 1 ? "" : "s");
            err.flush();
            reports.add(bench.run(ThroughputBenchmark.standardCases(), t));
        }
        Comparison comparison = peer == null ? null
                : new Comparison(peerFigures, reports.stream().map(Report::figures).toList());
        LocalizationBenchmark loc = skipLocalization ? null : localization();
        CircuitBenchmark circuit = circuits ? circuitBenchmark() : null;
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("blas", MklCodePath.current().description());
            o.put("runs", runs);
            o.put("warmup", warmup);
            o.put("reports", reports.stream().map(BenchCommand::asJson).toList());
            if (comparison != null) {
                o.put("peer", peerJson);
                o.put("ratios", comparison.ratios());
                o.put("rows", Figures.ROWS);
            }
            if (loc != null) {
                o.put("localization", asJson(loc));
            }
            if (circuit != null) {
                o.put("circuits", circuit);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
        } else {
            out.println("BLAS: " + MklCodePath.current().description());
            for (Report r : reports) {
                print(out, r);
            }
            out.println("FLOPs/token: 2 x (6 x) parameters; unembedding counted; attention scores not counted");
            if (comparison != null) {
                out.println();
                out.print(comparison.markdown());
                out.printf("lowest ratio %.2f (Locus over PyTorch eager; medians of %d runs each)%n", comparison.worstRatio(), runs);
            }
            if (loc != null) {
                printLocalization(out, loc);
            }
            if (circuit != null) {
                printCircuits(out, circuit);
            }
        }
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Report r) {
        out.printf("matmul ceiling   %.1f GFLOP/s (1024^3 float32, %d thread%s)%n", r.matmulGflops(), r.threads(), r.threads() == 1 ? "" : "s");
        for (Result x : r.results()) {
            out.printf("%-12s batch %d x %d, %,d FLOP parameters%n", x.name(), x.batch(), x.seq(), x.flopParameters());
            out.printf("  forward          %,10.0f tokens/s  %5.1f%% of ceiling%n", x.forwardTokensPerSecond(),
                    100 * x.forwardFraction());
            out.printf("  %-16s %,10.0f tokens/s  %5.1f%% of ceiling%n", x.adamw() ? "train step" : "forward+backward",
                    x.trainTokensPerSecond(), 100 * x.trainFraction());
        }
        if (r.machineBusy()) {
            out.printf("warning: other processes used %.1f cores meanwhile; these figures understate the machine%n",
                    r.otherCores());
        }
    }

    private static void printLocalization(PrintWriter out, LocalizationBenchmark loc) {
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

    private static Map<String, Object> asJson(Result x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", x.name());
        m.put("batch", x.batch());
        m.put("seq", x.seq());
        m.put("flop_parameters", x.flopParameters());
        m.put("forward_tokens_per_s", x.forwardTokensPerSecond());
        m.put("forward_seconds", x.forward());
        m.put("forward_fraction_of_ceiling", x.forwardFraction());
        m.put("train_includes_adamw", x.adamw());
        m.put("train_tokens_per_s", x.trainTokensPerSecond());
        m.put("train_seconds", x.train());
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

    private static CircuitBenchmark circuitBenchmark() {
        Path demo = ModelOptions.demoFolder();
        try (LocusModel model = LocusModel.load(demo, ai.djl.Device.cpu())) {
            Dataset data = SportsFactsCsv.read(demo.resolve("sports.csv"));
            Split split = Split.of(data, ForgetSpec.first(64));
            LocalizationSet set = LocalizationSet.of(model, data.format("standard"), split.forget(), data.attributes());
            return CircuitBenchmark.run(model, set, 4, 5);
        }
    }

    private static void printCircuits(PrintWriter out, CircuitBenchmark c) {
        out.printf("circuits on Sports World, %d forget prompts (standard format, subject swap), %,d edges%n",
                c.prompts(), c.edges());
        out.printf("  one forward+backward        %6.3f s%n", c.forwardBackwardSeconds());
        out.printf("  EAP                         %6.3f s  = %.2f x forward+backward%n", c.eapSeconds(), c.eapRatio());
        out.printf("  EAP-IG (%d steps)            %6.3f s  = %.2f x forward+backward%n", c.igSteps(), c.eapIgSeconds(),
                c.eapIgRatio());
        out.printf("  exact edge patching         %6.3f s  = %.1f edges/s (%,d edges into the last %d layers and the"
                + " logits)%n", c.exactSeconds(), c.exactEdgesPerSecond(), c.patchedEdges(), c.lastLayers());
        out.printf("  Pearson r against exact     EAP-IG %.3f, EAP %.3f%n", c.pearsonEapIg(), c.pearsonEap());
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
        m.put("figures", r.figures());
        m.put("other_process_cores", r.otherCores());
        m.put("machine_busy", r.machineBusy());
        return m;
    }
}
