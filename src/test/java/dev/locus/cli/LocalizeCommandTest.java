package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.localize.HandBuiltModel;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code locus localize}, as a user runs it: files that pandas reads, masks that load back, clear errors. */
class LocalizeCommandTest {
    @TempDir
    Path tmp;

    @Test
    void attributionPatchingOnTheHandBuiltModelWritesScoresAndMasks() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        Path out = tmp.resolve("out");
        CliTest.Run r = CliTest.run("localize", "--model", built.modelDir().toString(), "--data", built.dataCsv().toString(),
                "--format-file", built.formatFile().toString(), "--forget", "first:12", "--method", "attribution-patching",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("top components: L1.mlp"), r.out());
        assertTrue(r.err().contains("attribution-patching: 100%"), "progress on stderr: " + r.err());
        List<String> scores = Files.readAllLines(out.resolve("scores.csv"));
        assertTrue(scores.get(0).startsWith("component,kind,layer,head,site,position,token,score,normalized"), scores.get(0));
        assertEquals(1 + 4 * (4 + 1), scores.size(), "a row per head and MLP");
        assertTrue(Files.readString(out.resolve("probes.csv")).startsWith("layer,hook,position,input,accuracy"));
        for (String s : List.of("flu", "attribution-patching", "attribution-patching-mlps", "random", "random-mlps",
                "all-mlps", "nonlocalized")) {
            assertTrue(Files.isRegularFile(out.resolve("masks/" + s + ".json")), s);
            assertTrue(Files.isRegularFile(out.resolve("masks/" + s + ".safetensors")), s);
        }
        try (LocusModel model = LocusModel.load(built.modelDir(), Device.cpu())) {
            Selection flu = MaskFiles.readJson(out.resolve("masks/flu.json"), model);
            assertEquals(List.of("L1.mlp"), flu.components().ids());
            Selection ot = MaskFiles.readSafetensors(out.resolve("masks/attribution-patching-mlps.safetensors"), model);
            assertEquals(List.of("L1.mlp"), ot.components().ids(), "OT spends FLU's one-MLP budget on the MLP that matters");
            Selection random = MaskFiles.readJson(out.resolve("masks/random.json"), model);
            assertTrue(random.components().components().stream().allMatch(c -> c.kind().isMatrix()), random.rule());
            assertTrue(random.parameterCount() >= flu.parameterCount(), "single matrices until FLU's budget is crossed");
        }
    }

    @Test
    void causalTracingWritesTheHeatmapAndProbesNeedNoOtherMethod() throws Exception {
        Path out = tmp.resolve("ct");
        CliTest.Run r = CliTest.run("localize", "--method", "causal-tracing", "--prompts", "8", "--flu-layers", "0-1",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> tracing = Files.readAllLines(out.resolve("tracing.csv"));
        assertEquals("layer,position,token,site,effect,normalized", tracing.get(0));
        assertTrue(tracing.stream().anyMatch(l -> l.contains(",subject-last,mlp,")), "the heatmap has the subject");
        assertFalse(Files.exists(out.resolve("probes.csv")), "FLU given by hand: no probes");
        assertTrue(r.out().contains("flu") && r.out().contains("L0.mlp L1.mlp"), r.out());
        CliTest.Run fixed = CliTest.run("localize", "--method", "causal-tracing", "--prompts", "4", "--flu-layers", "0-1",
                "--noise", "0.5", "--out", tmp.resolve("ct2").toString());
        assertTrue(fixed.out().contains("noise (std 0.5000)"), "--noise reaches the default corruption: " + fixed.out());

        Path probes = tmp.resolve("probes");
        CliTest.Run p = CliTest.run("localize", "--method", "probes", "--out", probes.toString());
        assertEquals(0, p.code(), p.err());
        assertTrue(Files.readAllLines(probes.resolve("probes.csv")).size() == 1 + 3 * 9, "3 curves x 9 layers");
        assertFalse(Files.exists(probes.resolve("scores.csv")));
    }

    @Test
    void counterFactPromptsOfDifferentShapesLocalize() throws Exception {
        List<String> vocab = new java.util.ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        vocab.addAll(List.of("The", "mother", "tongue", "of", "Danielle", "Darrieux", "is", "English", "French", "Edwin",
                "Northumbria", "plays", "the", "position", "goaltender", "midfielder", "Anna", "Berg", "lives", "in",
                "Oslo", "Rome"));
        Path model = tmp.resolve("llama");
        dev.locus.reference.TinyCheckpoint.builder(dev.locus.reference.TinyCheckpoint.Arch.LLAMA).vocab(vocab.size()).write(model);
        dev.locus.reference.TinyCheckpoint.writeWordLevelTokenizer(model, vocab);
        Path facts = tmp.resolve("cf.json");
        Files.writeString(facts, """
                [{"case_id": 0, "requested_rewrite": {"prompt": "The mother tongue of {} is", "subject": "Danielle Darrieux",
                   "target_new": {"str": "English"}, "target_true": {"str": "French"}}},
                 {"case_id": 1, "requested_rewrite": {"prompt": "{} plays the position of", "subject": "Edwin of Northumbria",
                   "target_new": {"str": "goaltender"}, "target_true": {"str": "midfielder"}}},
                 {"case_id": 2, "requested_rewrite": {"prompt": "{} lives in", "subject": "Anna Berg",
                   "target_new": {"str": "Rome"}, "target_true": {"str": "Oslo"}}}]
                """);
        for (String method : List.of("attribution-patching", "causal-tracing", "activation-patching")) {
            Path out = tmp.resolve("cf-" + method);
            CliTest.Run r = CliTest.run("localize", "--model", model.toString(), "--data", facts.toString(), "--forget",
                    "first:3", "--method", method, "--flu-layers", "0-0", "--per-position", "--out", out.toString());
            assertEquals(0, r.code(), method + ": " + r.err());
            assertEquals(1 + 2 * (4 + 1) * ("activation-patching".equals(method) ? 1 + 7 : 1),
                    Files.readAllLines(out.resolve("scores.csv")).size(), method + ": components, and per position for "
                    + "patching (before-subject, subject first/middle/last, first-after, further, final)");
        }
    }

    @Test
    void pathPatchingFindsFluOnTheHandBuiltModel() throws Exception {
        HandBuiltModel built = HandBuiltModel.write(tmp.resolve("hand"), 7);
        Path out = tmp.resolve("pp");
        CliTest.Run r = CliTest.run("localize", "--model", built.modelDir().toString(), "--data", built.dataCsv().toString(),
                "--format-file", built.formatFile().toString(), "--forget", "first:24", "--method", "path-patching",
                "--top-heads", "5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("path-patching: random-ascii, denoising, metric logit-diff"), r.out());
        assertTrue(r.err().contains("path-patching heads: 100%") && r.err().contains("path-patching MLPs: 100%"),
                "progress per stage: " + r.err());
        assertEquals(1 + 4 * (4 + 1), Files.readAllLines(out.resolve("scores.csv")).size(), "a row per head and MLP");
        assertFalse(Files.exists(out.resolve("probes.csv")), "path patching finds FLU without probes");
        assertFalse(Files.exists(out.resolve("masks/path-patching.json")), "no OT selection from its scores");
        try (LocusModel model = LocusModel.load(built.modelDir(), Device.cpu())) {
            Selection flu = MaskFiles.readJson(out.resolve("masks/flu.json"), model);
            assertEquals(List.of("L1.mlp"), flu.components().ids(), flu.rule());
            assertTrue(flu.rule().startsWith("path patching: MLPs whose output moves the final residual"), flu.rule());
        }
    }

    @Test
    void thePaperPresetIsTheDefaultAndLocusKeepsOurSettings() {
        CliTest.Run paper = CliTest.run("localize", "--method", "causal-tracing", "--prompts", "4", "--flu-layers", "0-1",
                "--out", tmp.resolve("paper").toString());
        assertEquals(0, paper.code(), paper.err());
        assertTrue(paper.out().contains("causal-tracing: noise (sqrt(3 sd) of each prompt's subject embeddings)"),
                paper.out());
        assertTrue(paper.out().contains("metric full-vocab-prob") && paper.out().contains("score = metric after restoring"),
                paper.out());
        CliTest.Run ours = CliTest.run("localize", "--method", "causal-tracing", "--preset", "locus", "--prompts", "4",
                "--flu-layers", "0-1", "--out", tmp.resolve("locus").toString());
        assertEquals(0, ours.code(), ours.err());
        assertTrue(ours.out().contains("causal-tracing: noise (std ") && ours.out().contains("metric prob")
                && ours.out().contains("score = indirect effect"), ours.out());
        CliTest.Run ap = CliTest.run("localize", "--method", "attribution-patching", "--preset", "locus", "--prompts", "4",
                "--flu-layers", "0-1", "--out", tmp.resolve("ap").toString());
        assertTrue(ap.out().contains("attribution-patching: subject-swap, metric logit-diff, 2 integrated-gradient steps"),
                ap.out());
    }

    @Test
    void badArgumentsGiveOneClearLine() {
        String[][] cases = {
            {"--method", "magic"},
            {"--method", "attribution-patching", "--corruption", "blur"},
            {"--method", "causal-tracing", "--corruption", "noise", "--noise", "-1"},
            {"--method", "probes", "--flu-layers", "seven"},
            {"--method", "probes", "--forget", "first:9999"},
            {"--method", "activation-patching", "--metric", "kl"},
            {"--method", "probes", "--format", "haiku"},
            {"--method", "probes", "--budget-rule", "greedy"},
            {"--method", "probes", "--random-units", "heads"},
            {"--method", "causal-tracing", "--preset", "rome"},
            {"--method", "path-patching", "--top-heads", "0"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length + 3];
            args[0] = "localize";
            System.arraycopy(c, 0, args, 1, c.length);
            args[c.length + 1] = "--out";
            args[c.length + 2] = tmp.resolve("x").toString();
            CliTest.Run r = CliTest.run(args);
            assertEquals(1, r.code(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("locus: error: "), r.err());
        }
    }
}
