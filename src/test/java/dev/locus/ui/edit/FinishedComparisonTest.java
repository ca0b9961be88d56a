package dev.locus.ui.edit;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.experiment.ExperimentRunner;
import dev.locus.experiment.MetricRow;
import dev.locus.experiment.RunFolder;
import dev.locus.experiment.RunListener;
import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.Localization;
import dev.locus.localize.method.ComponentScores;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import dev.locus.model.io.FolderDigest;
import dev.locus.ui.runs.BundledComparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The finished run shipped beside the Sports World model is what the bundled config produces today: made from that
 * config, on these weights (its recorded digest), with every method's results; and a reduced rerun of the same config
 * (localization and the unedited evaluation, one edit step) reproduces its localization, masks and "before" numbers.
 */
class FinishedComparisonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theShippedRunIsTheBundledConfigOnTheBundledWeights() throws Exception {
        Path run = FinishedComparison.folder();
        assertEquals(Bundled.sportsWorld().resolve("comparison").toAbsolutePath().normalize(), run.getParent(),
                "beside the model");
        RunFolder folder = RunFolder.read(run);
        assertEquals(BundledComparison.config().toJson(), folder.config().toJson(),
                "made from sample-configs/sports-world-flu-vs-ot.json as it is today: rerun it when the config changes");
        String recorded = JSON.readTree(run.resolve("run.json").toFile()).path(RunRecorder.MODEL_SHA256).asText();
        assertEquals(FolderDigest.of(Bundled.sportsWorld()), recorded,
                "made on the bundled model's weights and tokenizer: rerun it when the model is retrained");
        assertEquals(folder.config().methods(), folder.methods(), "every method finished");
        for (String method : folder.config().methods()) {
            assertTrue(Files.isRegularFile(run.resolve("masks").resolve(method + ".json")), method + "'s mask");
        }
        assertTrue(Files.isRegularFile(run.resolve("results.json")));
        assertTrue(Files.isRegularFile(run.resolve("figures").resolve("bars-standard.png")));
        assertTrue(folder.probes().stream().anyMatch(p -> p.phase().equals("after")), "probes after editing");
        assertTrue(folder.metrics().stream().anyMatch(r -> r.phase().startsWith("relearn-")), "relearning curves");
    }

    @Test
    void itsLocalizationsAndSelectionsLoadForTheWorkbench() {
        try (LocusModel model = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            FinishedComparison.Loaded loaded = FinishedComparison.read(model);
            assertEquals(Set.of("probes", "causal-tracing", "attribution-patching"), loaded.localizations().keySet());
            Localization.Result probes = loaded.localizations().get("probes");
            assertEquals(model.config().nLayers() + 1, probes.probes().stream().mapToInt(p -> p.layer()).distinct().count(),
                    "the probe curve: embeddings + every layer");
            ComponentScores tracing = loaded.localizations().get("causal-tracing").scores();
            assertFalse(tracing.positions().isEmpty(), "causal tracing's layer x token heatmap");
            assertTrue(tracing.clean() > tracing.corrupted(), "its clean and corrupted metrics");
            assertEquals(BundledComparison.config().methods(), List.copyOf(loaded.selections().keySet()));
            assertEquals(Set.of("L0.mlp", "L1.mlp"), Set.copyOf(loaded.selections().get("flu").components().ids()),
                    "FLU as the run chose it");
        }
        FinishedComparison.Loaded noModel = FinishedComparison.read(null);
        assertTrue(noModel.selections().isEmpty(), "no model: no selections to check masks against");
        assertEquals(3, noModel.localizations().size(), "the localizations need no model");
        Path tiny = dev.locus.reference.TinyCheckpoint.builder(dev.locus.reference.TinyCheckpoint.Arch.LLAMA)
                .write(tmp.resolve("tiny-llama")).dir();
        try (LocusModel other = LocusModel.load(tiny, Device.cpu())) {
            FinishedComparison.Loaded loaded = FinishedComparison.read(other);
            assertTrue(loaded.localizations().isEmpty() && loaded.selections().isEmpty(),
                    "another model loaded: Sports World's heatmaps and masks are not about it");
        }
    }

    @Test
    void aReducedRerunOfTheConfigReproducesItsLocalizationAndBeforeNumbers() throws Exception {
        ObjectNode c = (ObjectNode) JSON.readTree(BundledComparison.config().toJson());
        c.putArray("methods").add("flu").add("attribution-patching");
        c.putArray("formats").add("standard");
        ((ObjectNode) c.get("edit")).put("steps", 1);
        c.remove("method_edit");
        for (String off : List.of("relearn", "probes", "soft_prompt", "figures")) {
            ((ObjectNode) c.get(off)).put("enabled", false);
        }
        ExperimentConfig reduced = ExperimentConfig.parse(c.toString(), "reduced");
        Path out = tmp.resolve("rerun");
        ExperimentRunner.run(reduced, "reduced", out, false, RunListener.NONE);
        Path shipped = FinishedComparison.folder();
        for (String file : List.of("scores/probes.csv", "scores/attribution-patching.csv", "scores/attribution-patching.json",
                "masks/flu.json", "masks/attribution-patching.json")) {
            assertSameNumbers(Files.readString(shipped.resolve(file)), Files.readString(out.resolve(file)),
                    file + " differs from today's: rerun the shipped comparison (locus run ... --out assets/sports-world/"
                            + "comparison/sports-world-flu-vs-ot --force)");
        }
        String before = rows(RunFolder.read(out).metrics());
        String shippedBefore = rows(RunFolder.read(shipped).metrics().stream()
                .filter(r -> r.format().equals("standard") || r.format().equals("general")).toList());
        assertFalse(before.isEmpty());
        assertSameNumbers(shippedBefore, before, "the unedited model's numbers");
    }

    /** FLU's "before" rows (each method has a copy) as sorted lines: format, split, metric, value. */
    private static String rows(List<MetricRow> metrics) {
        return metrics.stream().filter(r -> r.phase().equals("before") && r.method().equals("flu"))
                .map(r -> r.format() + " " + r.split() + " " + r.metric() + " " + r.value()).sorted()
                .collect(Collectors.joining("\n"));
    }

    /** Equal text, numbers equal to a relative 1e-6 (another CPU may round the last bits of a float differently). */
    private static void assertSameNumbers(String expected, String actual, String what) {
        java.util.regex.Pattern number = java.util.regex.Pattern.compile("-?\\d+\\.\\d+(?:[eE]-?\\d+)?");
        assertEquals(number.matcher(expected).replaceAll("#"), number.matcher(actual).replaceAll("#"), what);
        java.util.regex.Matcher a = number.matcher(expected);
        java.util.regex.Matcher b = number.matcher(actual);
        while (a.find() && b.find()) {
            double x = Double.parseDouble(a.group());
            double y = Double.parseDouble(b.group());
            assertEquals(x, y, 1e-6 * Math.max(1, Math.abs(x)), what + ": " + a.group() + " vs " + b.group());
        }
    }
}
