package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import dev.locus.data.ForgetSpec;
import dev.locus.edit.RelearningAttack;
import dev.locus.experiment.config.EditSettings;
import dev.locus.experiment.config.EvaluationSettings;
import dev.locus.experiment.config.CircuitSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.experiment.config.FigureSettings;
import dev.locus.experiment.config.LocalizationSettings;
import dev.locus.experiment.config.ProbeSettings;
import dev.locus.experiment.config.RelearnSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading, defaults, overrides, writing back, and one clear line for each kind of bad config. */
class ExperimentConfigTest {
    /** Every field set, none at its default. */
    private static final String FULL = """
            {
              // comments are allowed
              "name": "sports-world-flu-vs-ot",
              "description": "FLU against output-tracing localizations",
              "model": "models/gemma",
              "data": "data/counterfact.json",
              "questions": "data/mcq.json",
              "format_file": "formats.json",
              "formats": ["prompt", "paraphrase", "mcq"],
              "edit_format": "prompt",
              "forget": "first:16",
              "edit_target": "golf",
              "seeds": [3, 1, 2],
              "methods": ["flu", "causal-tracing", "nonlocalized"],
              "localization": {
                "format": "paraphrase", "prompts": 8, "flu_layers": [2, 7], "flu_rise": 0.2, "flu_plateau": 0.9,
                "budget_rule": "fit", "random_units": "layers",
                "attribution_patching": {"ig_steps": 1, "corruption": "random-tokens", "metric": "prob"},
                "causal_tracing": {"corruption": "subject-swap", "noise": 0.25, "window": 3, "metric": "logit-diff"}
              },
              "edit": {
                "objective": "unlearn", "steps": 80, "batch": 16, "lr": 3e-5, "forget_coef": 2.0, "maintain_coef": 0.5,
                "general_coef": 0.0, "weight_decay": 0.01, "clip": 0.5, "warmup": 5, "eval_every": 0, "mode": "weight-mask",
                "mask_penalty": 0.5, "mask_ramp_start": 10, "mask_lr": 0.002
              },
              "method_edit": {"nonlocalized": {"lr": 1e-6}, "flu": {"steps": 120, "objective": "edit"}},
              "evaluation": {"general_questions": null, "general_text": "general.txt", "max_general_lines": 64},
              "relearn": {"enabled": false, "mode": "full", "rank": 4, "alpha": 8, "lr": 1e-3, "steps": 40,
                          "eval_every": 5, "batch": 8, "formats": ["prompt"], "dropout": 0, "clip": 1.0},
              "probes": {"enabled": false, "l2": 0.1, "iterations": 50},
              "figures": {"enabled": false, "width": 1200, "height": 800, "dpi": 300}
            }
            """;

    @TempDir
    Path dir;

    private Path write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void fullConfigRoundTrips() throws IOException {
        ExperimentConfig config = ExperimentConfig.read(write("configs/full.json", FULL));
        assertEquals("sports-world-flu-vs-ot", config.name());
        assertEquals(List.of(3L, 1L, 2L), config.seeds());
        assertEquals(ForgetSpec.first(16), config.forget());
        assertEquals("golf", config.editTarget());
        assertEquals(new LocalizationSettings.LayerRange(2, 7), config.localization().fluLayers());
        assertEquals("fit", config.localization().budgetRule());
        assertEquals("layers", config.localization().randomUnits());
        assertEquals("0.25", config.localization().causalTracing().noise());
        assertNull(config.evaluation().generalQuestions());
        assertEquals(8.0, config.relearn().alpha());
        assertEquals(RelearningAttack.Settings.DEFAULTS.withMode(RelearningAttack.Mode.FULL).withRank(4).withAlpha(8)
                .withLr(1e-3).withSteps(40).withEvalEvery(5).withBatch(8).withSeed(3).withDropout(0).withClip(1.0),
                config.relearn().attack(3), "the old attack, by config: no dropout, clipped at 1");
        assertEquals(new dev.locus.edit.WeightMasking.Mask(0.5, 10, 0.002), config.edit().mask());
        assertEquals(List.of("flu", "nonlocalized"), List.copyOf(config.methodEdit().keySet()), "in methods' order");

        Path runDir = dir.resolve("runs/one");
        config.write(runDir.resolve("config.json"));
        ExperimentConfig again = ExperimentConfig.read(runDir.resolve("config.json"));
        assertEquals(config, again);
        assertEquals(config.toJson(), again.toJson());
        assertEquals(config, ExperimentConfig.parse(config.toJson(), "config.json"));
    }

    @Test
    void masksNameSelectionsThatRunAsMethodsOfTheirOwn() throws IOException {
        ExperimentConfig config = ExperimentConfig.read(write("configs/picked.json", """
                {"name": "picked", "methods": ["flu", "custom"], "masks": {"custom": "masks/custom.json"},
                 "method_edit": {"custom": {"lr": 0.004}}}
                """));
        assertEquals(List.of("flu", "custom"), config.methods());
        assertEquals(dir.resolve("configs/masks/custom.json").toAbsolutePath().normalize().toString(),
                config.masks().get("custom"), "relative to the config's folder");
        assertEquals(0.004, config.editFor("custom").lr());
        assertEquals(config, ExperimentConfig.parse(config.toJson(), "config.json"), "masks survive writing");
        LocusException missing = assertThrows(LocusException.class, () -> config.checkInputsExist("picked.json"));
        assertTrue(missing.getMessage().startsWith("picked.json: masks.custom: "), missing.getMessage());
        assertTrue(missing.getMessage().endsWith("no such file"), missing.getMessage());
        assertEquals(Map.of(), config.withRun("only-flu", List.of(0L), List.of("flu")).masks(),
                "a run without the method drops its mask");
    }

    @Test
    void writtenConfigIsPlainJsonWithEveryField() throws IOException {
        ExperimentConfig config = ExperimentConfig.parse("{\"name\": \"x\"}", "x.json");
        String json = config.toJson();
        var tree = new ObjectMapper().readTree(json); // no comments, strict JSON
        assertEquals("demo", tree.get("model").textValue());
        assertTrue(tree.get("description").isNull());
        assertTrue(tree.get("localization").get("flu_layers").isNull());
        assertEquals(EditSettings.FIELDS.size(), tree.get("edit").size());
        assertEquals(ExperimentConfig.DEFAULT_FORGET, tree.get("forget").textValue());
        assertTrue(json.contains("\"name\": \"x\""), json);
        assertTrue(json.endsWith("}\n"));
    }

    @Test
    void minimalConfigGetsEveryDefault() {
        ExperimentConfig c = ExperimentConfig.parse("{\"name\":\"x\"}", "x.json");
        assertEquals(ExperimentConfig.defaults("x"), c);
        assertNull(c.description());
        assertEquals("demo", c.model());
        assertEquals("demo", c.data());
        assertNull(c.questions());
        assertNull(c.formatFile());
        assertEquals(List.of(), c.formats());
        assertEquals("standard", c.editFormat());
        assertEquals(ForgetSpec.random(64, 0), c.forget());
        assertEquals("random", c.editTarget());
        assertEquals(List.of(0L), c.seeds());
        assertEquals(ExperimentConfig.METHODS, c.methods());
        assertEquals(9, ExperimentConfig.METHODS.size());

        LocalizationSettings l = c.localization();
        assertEquals("standard", l.format());
        assertEquals(0, l.prompts());
        assertNull(l.fluLayers());
        assertEquals(0.1, l.fluRise());
        assertEquals(0.95, l.fluPlateau());
        assertEquals("prefix", l.budgetRule(), "the paper's: the ranked prefix that crosses FLU's budget");
        assertEquals("matrices", l.randomUnits(), "the paper's random baseline draws single matrices");
        assertEquals("paper", l.preset(), "the paper's localization settings by default");
        assertEquals(new LocalizationSettings.AttributionPatching(1, "random-ascii", "logit-diff"),
                l.attributionPatching());
        assertEquals(new LocalizationSettings.CausalTracing("noise", "sqrt3sd", 1, "full-vocab-prob"), l.causalTracing());
        assertEquals("probes", l.fluMethod());
        assertEquals(new LocalizationSettings.PathPatching(10, 0.02, "random-ascii"), l.pathPatching());

        assertEquals(new EditSettings(EditSettings.Objective.EDIT, 50, 64, 1e-4, 1, 1, 1, 0, 1, 0, 10,
                EditSettings.Mode.FINETUNE, 1.0, 15, 1e-3, 0), c.edit());
        assertEquals(Map.of(), c.methodEdit());
        for (String method : ExperimentConfig.METHODS) {
            assertSame(c.edit(), c.editFor(method));
        }
        assertEquals(new EvaluationSettings("demo", "demo", 256), c.evaluation());
        assertEquals(new RelearnSettings(true, RelearningAttack.Mode.LORA, 16, 32, 2e-4, 20, 10, 32, List.of("standard", "mcq"),
                0.05, 0, 0),
                c.relearn());
        assertEquals(new ProbeSettings(true, 1e-3, 300), c.probes());
        assertEquals(new FigureSettings(true, 900, 560, 150), c.figures());
    }

    @Test
    void perMethodOverridesMergeOverTheEditDefaults() {
        ExperimentConfig c = ExperimentConfig.parse("""
                {"name": "x", "methods": ["flu", "random", "nonlocalized"],
                 "edit": {"lr": 2e-4, "steps": 30, "warmup": 3},
                 "method_edit": {"flu": {"steps": 100}, "nonlocalized": {"lr": 1e-5, "objective": "unlearn"}}}
                """, "x.json");
        EditSettings flu = c.editFor("flu");
        assertEquals(100, flu.steps());
        assertEquals(2e-4, flu.lr());
        assertEquals(3, flu.warmup());
        EditSettings nonlocalized = c.editFor("nonlocalized");
        assertEquals(30, nonlocalized.steps());
        assertEquals(1e-5, nonlocalized.lr());
        assertEquals(EditSettings.Objective.UNLEARN, nonlocalized.objective());
        assertEquals(c.edit(), c.editFor("random"));
        assertEquals(c.edit(), c.editFor("all-mlps"), "a method not in the run still has the defaults");
        assertThrows(IllegalArgumentException.class, () -> c.editFor("bogus"));
    }

    @Test
    void mergedAppliesAJsonOverride() throws IOException {
        ObjectMapper m = new ObjectMapper();
        EditSettings merged = EditSettings.DEFAULTS.merged(m.readTree("{\"batch\": 8, \"clip\": 0.25}"));
        assertEquals(8, merged.batch());
        assertEquals(0.25, merged.clip());
        assertEquals(EditSettings.DEFAULTS.lr(), merged.lr());
        LocusException e = assertThrows(LocusException.class,
                () -> EditSettings.DEFAULTS.merged(m.readTree("{\"lr\": 0}")));
        assertEquals("edit override: lr: must be above 0, got 0", e.getMessage());
    }

    @Test
    void relativePathsResolveAgainstTheConfigsFolder() throws IOException {
        Path file = write("experiments/sports/run.json", """
                {"name": "x", "model": "../../models/tiny", "data": "facts/counterfact.json",
                 "questions": "./mcq.json", "format_file": "%s",
                 "evaluation": {"general_questions": "demo", "general_text": "text/general.txt"}}
                """.formatted(dir.resolve("abs/formats.json").toString().replace("\\", "\\\\")));
        ExperimentConfig c = ExperimentConfig.read(file);
        Path folder = dir.resolve("experiments/sports").toAbsolutePath();
        assertEquals(dir.resolve("models/tiny").toAbsolutePath().normalize().toString(), c.model());
        assertEquals(folder.resolve("facts/counterfact.json").normalize().toString(), c.data());
        assertEquals(folder.resolve("mcq.json").normalize().toString(), c.questions());
        assertEquals(dir.resolve("abs/formats.json").toAbsolutePath().toString(), c.formatFile());
        assertEquals("demo", c.evaluation().generalQuestions());
        assertEquals(folder.resolve("text/general.txt").toString(), c.evaluation().generalText());
        assertEquals(Path.of(c.data()), ExperimentConfig.pathOf(c.data()));
        assertNull(ExperimentConfig.pathOf("demo"));

        // The written config works from the run directory: its paths are absolute.
        Path written = dir.resolve("elsewhere/run-1/config.json");
        c.write(written);
        assertEquals(c, ExperimentConfig.read(written));

        LocusException e = assertThrows(LocusException.class, () -> c.checkInputsExist("run.json"));
        assertEquals("run.json: model: " + c.model() + ": no such folder", e.getMessage());
        Files.createDirectories(Path.of(c.model()));
        e = assertThrows(LocusException.class, () -> c.checkInputsExist("run.json"));
        assertEquals("run.json: data: " + c.data() + ": no such file", e.getMessage());
    }

    @Test
    void circuitIsAMethodOnlyWhenNamedAndItsSettingsRoundTrip() {
        ExperimentConfig plain = ExperimentConfig.parse("{\"name\": \"x\"}", "run.json");
        assertFalse(plain.methods().contains(ExperimentConfig.CIRCUIT), "not among the default methods");
        assertNull(plain.localization().circuit(), "absent: not written, so other configs keep their ids");
        assertEquals(CircuitSettings.DEFAULTS, plain.localization().circuitOrDefault());
        ExperimentConfig c = ExperimentConfig.parse("{\"name\": \"x\", \"methods\": [\"flu\", \"circuit\"],"
                + " \"localization\": {\"circuit\": {\"method\": \"eap\", \"top\": 40}}}", "run.json");
        assertEquals(List.of("flu", "circuit"), c.methods());
        CircuitSettings s = c.localization().circuit();
        assertEquals("eap", s.method());
        assertEquals(40, s.top());
        assertTrue(Double.isNaN(s.faithfulness()), "a rule given: not the default faithfulness rule too");
        assertEquals(c.editFor("circuit"), c.edit());
    }

    @Test
    void parseWithoutAFileResolvesAgainstTheGivenFolder() {
        ExperimentConfig c = ExperimentConfig.parse("{\"name\": \"x\", \"data\": \"sports.csv\"}", "pasted",
                dir);
        assertEquals(dir.resolve("sports.csv").toAbsolutePath().toString(), c.data());
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                // unknown fields, with the nearest known one
                Arguments.of("{\"name\": \"x\", \"edit\": {\"learning_rate\": 0.1}}",
                        "run.json: edit.learning_rate: unknown field; did you mean lr?"),
                Arguments.of("{\"name\": \"x\", \"metods\": [\"flu\"]}",
                        "run.json: metods: unknown field; did you mean methods?"),
                Arguments.of("{\"name\": \"x\", \"relearn\": {\"batch_size\": 8}}",
                        "run.json: relearn.batch_size: unknown field; did you mean batch?"),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"causal_tracing\": {\"windw\": 2}}}",
                        "run.json: localization.causal_tracing.windw: unknown field; did you mean window?"),
                Arguments.of("{\"name\": \"x\", \"editFormat\": \"qa\"}",
                        "run.json: editFormat: unknown field; did you mean edit_format?"),
                Arguments.of("{\"name\": \"x\", \"probes\": {\"zzz\": 1}}",
                        "run.json: probes.zzz: unknown field; the fields here are enabled, l2, iterations"),
                Arguments.of("{\"name\": \"x\", \"method_edit\": {\"flu\": {\"learningrate\": 1}}}",
                        "run.json: method_edit.flu.learningrate: unknown field; did you mean lr?"),
                // wrong types
                Arguments.of("{\"name\": \"x\", \"edit\": {\"steps\": \"fifty\"}}",
                        "run.json: edit.steps: expected a whole number, got \"fifty\""),
                Arguments.of("{\"name\": \"x\", \"edit\": {\"steps\": 2.5}}",
                        "run.json: edit.steps: expected a whole number, got 2.5"),
                Arguments.of("{\"name\": \"x\", \"edit\": {\"lr\": \"fast\"}}",
                        "run.json: edit.lr: expected a number, got \"fast\""),
                Arguments.of("{\"name\": \"x\", \"probes\": {\"enabled\": \"yes\"}}",
                        "run.json: probes.enabled: expected true or false, got \"yes\""),
                Arguments.of("{\"name\": \"x\", \"edit\": [1]}", "run.json: edit: expected an object, got an array"),
                Arguments.of("{\"name\": \"x\", \"formats\": [\"standard\", 3]}",
                        "run.json: formats[1]: expected a string, got 3"),
                Arguments.of("{\"name\": \"x\", \"seeds\": 0}",
                        "run.json: seeds: expected an array of whole numbers such as [0, 1, 2], got 0"),
                Arguments.of("{\"name\": 7}", "run.json: name: expected a string, got 7"),
                Arguments.of("{\"name\": \"x\", \"model\": null}",
                        "run.json: model: expected a path or \"demo\", got null"),
                // out of range
                Arguments.of("{\"name\": \"x\", \"edit\": {\"lr\": -0.001}}",
                        "run.json: edit.lr: must be above 0, got -0.001"),
                Arguments.of("{\"name\": \"x\", \"edit\": {\"steps\": 0}}",
                        "run.json: edit.steps: must be at least 1, got 0"),
                Arguments.of("{\"name\": \"x\", \"edit\": {\"warmup\": 50}}",
                        "run.json: edit.warmup: must be below steps (50), got 50"),
                Arguments.of("{\"name\": \"x\", \"edit\": {\"warmup\": 5}, \"method_edit\": {\"flu\": {\"steps\": 5}}}",
                        "run.json: method_edit.flu.warmup: must be below steps (5), got 5 (the default)"),
                Arguments.of("{\"name\": \"x\", \"relearn\": {\"dropout\": 1}}",
                        "run.json: relearn.dropout: must be below 1, got 1"),
                Arguments.of("{\"name\": \"x\", \"relearn\": {\"clip\": -1}}",
                        "run.json: relearn.clip: must be at least 0, got -1"),
                Arguments.of("{\"name\": \"x\", \"edit\": {\"mask_lr\": 0}}",
                        "run.json: edit.mask_lr: must be above 0, got 0"),
                Arguments.of("{\"name\": \"x\", \"edit\": {\"mask_ramp_start\": -1}}",
                        "run.json: edit.mask_ramp_start: must be at least 0, got -1"),
                Arguments.of("{\"name\": \"x\", \"method_edit\": {\"random\": {\"clip\": 0}}}",
                        "run.json: method_edit.random.clip: must be above 0, got 0"),
                Arguments.of("{\"name\": \"x\", \"figures\": {\"dpi\": 700}}",
                        "run.json: figures.dpi: must be between 72 and 600, got 700"),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"budget_rule\": \"greedy\"}}",
                        "run.json: localization.budget_rule: must be one of prefix, fit, got \"greedy\""),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"random_units\": \"heads\"}}",
                        "run.json: localization.random_units: must be one of matrices, layers, got \"heads\""),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"flu_plateau\": 1.5}}",
                        "run.json: localization.flu_plateau: must be above 0 and at most 1, got 1.5"),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"flu_layers\": [5, 2]}}",
                        "run.json: localization.flu_layers[1]: must be at least from (5), got 2"),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"flu_layers\": [-1, 2]}}",
                        "run.json: localization.flu_layers[0]: must be at least 0, got -1"),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"flu_layers\": [1, 2, 3]}}",
                        "run.json: localization.flu_layers: expected [from, to] such as [2, 7], got an array of 3"),
                Arguments.of("{\"name\": \"x\", \"edit\": {\"batch\": 3000000000}}",
                        "run.json: edit.batch: must be at most 2147483647, got 3000000000"),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"causal_tracing\": {\"noise\": \"loud\"}}}",
                        "run.json: localization.causal_tracing.noise: expected \"3sd\", \"sqrt3sd\" or a number above 0,"
                                + " got \"loud\""),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"attribution_patching\": {\"metric\": \"kl\"}}}",
                        "run.json: localization.attribution_patching.metric: must be one of logit-diff, prob, full-vocab-prob, got \"kl\""),
                Arguments.of("{\"name\": \"x\", \"relearn\": {\"mode\": \"partial\"}}",
                        "run.json: relearn.mode: must be one of lora, full, got \"partial\""),
                Arguments.of("{\"name\": \"x\", \"relearn\": {\"formats\": []}}",
                        "run.json: relearn.formats: must not be empty"),
                Arguments.of("{\"name\": \"x\", \"seeds\": []}", "run.json: seeds: must hold at least one seed"),
                Arguments.of("{\"name\": \"x\", \"seeds\": [0, -1]}", "run.json: seeds[1]: must be at least 0, got -1"),
                Arguments.of("{\"name\": \"x\", \"seeds\": [0, 1, 0]}", "run.json: seeds[2]: 0 appears twice"),
                Arguments.of("{\"name\": \"x\", \"formats\": [\"qa\", \"qa\"]}",
                        "run.json: formats[1]: \"qa\" appears twice"),
                Arguments.of("{\"name\": \"x\", \"forget\": \"some:3\"}",
                        "run.json: forget: forget set 'some:3' not understood; expected first:N, random:N:seed=S or"
                                + " attribute:NAME (e.g. first:64)"),
                Arguments.of("{\"name\": \"x\", \"edit_format\": \"  \"}", "run.json: edit_format: must not be empty"),
                // the required field
                Arguments.of("{}", "run.json: name: is missing; every config needs a name such as \"sports-flu-vs-ot\""),
                Arguments.of("{\"name\": \"my run\"}", "run.json: name: may hold only letters, digits, '.', '_' and '-'"
                        + " (it names the run), got \"my run\""),
                Arguments.of("{\"name\": \"..\"}", "run.json: name: may hold only letters, digits, '.', '_' and '-'"
                        + " (it names the run), got \"..\""),
                // methods
                Arguments.of("{\"name\": \"x\", \"methods\": [\"flu\", \"flux\"]}",
                        "run.json: methods[1]: unknown method \"flux\" (did you mean flu?); the methods are flu,"
                                + " causal-tracing, attribution-patching, causal-tracing-mlps, attribution-patching-mlps,"
                                + " random, random-mlps, all-mlps, nonlocalized and circuit"),
                Arguments.of("{\"name\": \"x\", \"methods\": [\"flu\", \"flu\"]}",
                        "run.json: methods[1]: flu appears twice"),
                Arguments.of("{\"name\": \"x\", \"methods\": []}",
                        "run.json: methods: must hold at least one of flu, causal-tracing, attribution-patching,"
                                + " causal-tracing-mlps, attribution-patching-mlps, random, random-mlps, all-mlps,"
                                + " nonlocalized"),
                Arguments.of("{\"name\": \"x\", \"methods\": [\"flu\"], \"method_edit\": {\"random\": {\"lr\": 1}}}",
                        "run.json: method_edit.random: random is not among methods (flu), so it never trains"),
                Arguments.of("{\"name\": \"x\", \"method_edit\": {\"ROME\": {}}}",
                        "run.json: method_edit.ROME: unknown method \"ROME\"; the methods are flu, causal-tracing,"
                                + " attribution-patching, causal-tracing-mlps, attribution-patching-mlps, random,"
                                + " random-mlps, all-mlps, nonlocalized and circuit"),
                Arguments.of("{\"name\": \"x\", \"methods\": [\"custom\"]}",
                        "run.json: methods[0]: unknown method \"custom\"; the methods are flu, causal-tracing,"
                                + " attribution-patching, causal-tracing-mlps, attribution-patching-mlps, random,"
                                + " random-mlps, all-mlps, nonlocalized and circuit"),
                // the circuit method's settings
                Arguments.of("{\"name\": \"x\", \"localization\": {\"circuit\": {\"top\": 5, \"threshold\": 0.1}}}",
                        "run.json: localization.circuit: choose the circuit by one of top, threshold or faithfulness, not 2"),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"circuit\": {\"method\": \"eapp\"}}}",
                        "run.json: localization.circuit.method: must be one of eap, eap-ig, edge-patching, got \"eapp\""),
                Arguments.of("{\"name\": \"x\", \"localization\": {\"circuit\": {\"faithfulness\": 1.5}}}",
                        "run.json: localization.circuit.faithfulness: must be above 0 and at most 1, got 1.5"),
                Arguments.of("{\"name\": \"x\", \"masks\": {\"my mask\": \"a.json\"}}",
                        "run.json: masks.my mask: a method's name may hold only letters, digits, '.', '_' and '-'"),
                Arguments.of("{\"name\": \"x\", \"masks\": {\"custom\": null}}",
                        "run.json: masks.custom: expected a path or \"demo\", got null"),
                Arguments.of("{\"name\": \"x\", \"method_edit\": [\"flu\"]}",
                        "run.json: method_edit: expected an object, got an array"),
                // paths
                Arguments.of("{\"name\": \"x\", \"questions\": \"mcq.json\"}",
                        "run.json: questions: goes with a CounterFact JSON file as data, not demo"),
                Arguments.of("{\"name\": \"x\", \"format_file\": \"demo\"}",
                        "run.json: format_file: \"demo\" is not available here; give a path or null"),
                // malformed JSON
                Arguments.of("{\"name\": \"x\",\n  \"seeds\": [0,,1]}",
                        "run.json: not valid JSON at line 2, column 15: Unexpected character (',' (code 44)): expected a"
                                + " valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of("{\"name\": \"x\", \"name\": \"y\"}",
                        "run.json: not valid JSON at line 1, column 21: Duplicate field 'name'"),
                Arguments.of("{\"name\": \"x\"} {}",
                        "run.json: not valid JSON at line 1, column 15: unexpected content after the closing }"),
                Arguments.of("", "run.json: file is empty; expected a JSON object such as {\"name\": \"my-run\"}"),
                Arguments.of("[{\"name\": \"x\"}]", "run.json: expected a JSON object, got an array"));
    }

    @ParameterizedTest
    @MethodSource("badConfigs")
    void badConfigIsOneLineNamingTheFileAndField(String json, String message) throws IOException {
        Path file = write("run.json", json);
        LocusException e = assertThrows(LocusException.class, () -> ExperimentConfig.read(file));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void missingFileSaysSo() {
        Path file = dir.resolve("nope.json");
        LocusException e = assertThrows(LocusException.class, () -> ExperimentConfig.read(file));
        assertEquals("nope.json: cannot read: no such file (" + file.toAbsolutePath().normalize() + ")", e.getMessage());
    }

    @Test
    void folderInsteadOfFileSaysSo() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cfg.json"));
        LocusException e = assertThrows(LocusException.class, () -> ExperimentConfig.read(folder));
        assertTrue(e.getMessage().startsWith("cfg.json: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void invalidUtf8SaysSo() throws IOException {
        Path file = dir.resolve("bad.json");
        Files.write(file, new byte[] {'{', '"', (byte) 0xff, '"', '}'});
        LocusException e = assertThrows(LocusException.class, () -> ExperimentConfig.read(file));
        assertEquals("bad.json: cannot read: not valid UTF-8 text", e.getMessage());
    }

    @Test
    void theLocusPresetKeepsOurEarlierSettingsAndFieldsOverrideAPreset() {
        LocalizationSettings ours = ExperimentConfig.parse("""
                {"name": "x", "localization": {"preset": "locus", "causal_tracing": {"window": 3}}}
                """, "x.json").localization();
        assertEquals(new LocalizationSettings.AttributionPatching(2, "subject-swap", "logit-diff"), ours.attributionPatching());
        assertEquals(new LocalizationSettings.CausalTracing("noise", "3sd", 3, "prob"), ours.causalTracing());
        assertEquals("subject-swap", ours.pathPatching().corruption());
        LocalizationSettings paper = ExperimentConfig.parse("""
                {"name": "x", "localization": {"flu_method": "path-patching",
                 "path_patching": {"top_heads": 4, "mlp_threshold": 0.05},
                 "attribution_patching": {"ig_steps": 3}}}
                """, "x.json").localization();
        assertEquals(new LocalizationSettings.AttributionPatching(3, "random-ascii", "logit-diff"), paper.attributionPatching());
        assertEquals(new LocalizationSettings.PathPatching(4, 0.05, "random-ascii"), paper.pathPatching());
        assertEquals("path-patching", paper.fluMethod());
        assertEquals("layers", ExperimentConfig.parse("""
                {"name": "x", "localization": {"flu_layers": [0, 1]}}""", "x.json").localization().fluMethod());
        for (String[] bad : new String[][] {
                {"{\"name\": \"x\", \"localization\": {\"preset\": \"rome\"}}",
                        "x.json: localization.preset: must be one of paper, locus, got \"rome\""},
                {"{\"name\": \"x\", \"localization\": {\"flu_method\": \"layers\"}}",
                        "x.json: localization.flu_method: \"layers\" needs flu_layers, such as [2, 7]"},
                {"{\"name\": \"x\", \"localization\": {\"flu_method\": \"path-patching\", \"flu_layers\": [0, 1]}}",
                        "x.json: localization.flu_layers: given, but flu_method is \"path-patching\"; flu_layers needs"
                                + " flu_method \"layers\" (or no flu_method)"},
                {"{\"name\": \"x\", \"localization\": {\"path_patching\": {\"top_heads\": 0}}}",
                        "x.json: localization.path_patching.top_heads: "}}) {
            LocusException e = assertThrows(LocusException.class, () -> ExperimentConfig.parse(bad[0], "x.json"));
            assertTrue(e.getMessage().startsWith(bad[1]), e.getMessage());
        }
    }

    @Test
    void theConfigsPresetsAreTheLocalizationPresets() {
        for (dev.locus.localize.Preset p : dev.locus.localize.Preset.values()) {
            LocalizationSettings l = ExperimentConfig.parse("{\"name\": \"x\", \"localization\": {\"preset\": \""
                    + p.text() + "\"}}", "x.json").localization();
            var ap = dev.locus.localize.Localization.Method.ATTRIBUTION_PATCHING;
            var ct = dev.locus.localize.Localization.Method.CAUSAL_TRACING;
            var pp = dev.locus.localize.Localization.Method.PATH_PATCHING;
            assertEquals(p.igSteps(), l.attributionPatching().igSteps(), p.text());
            assertEquals(p.corruption(ap).text(), l.attributionPatching().corruption(), p.text());
            assertEquals(p.metric(ap).text(), l.attributionPatching().metric(), p.text());
            assertEquals(p.corruption(ct).text(), l.causalTracing().corruption(), p.text());
            assertEquals(p.noise(), l.causalTracing().noise(), p.text());
            assertEquals(p.metric(ct).text(), l.causalTracing().metric(), p.text());
            assertEquals(p.corruption(pp).text(), l.pathPatching().corruption(), p.text());
        }
        assertEquals(dev.locus.localize.Preset.names(), LocalizationSettings.PRESETS);
        assertEquals(dev.locus.localize.method.Corruption.names(), LocalizationSettings.CORRUPTIONS);
        assertEquals(dev.locus.localize.method.Metric.names(), LocalizationSettings.METRICS);
    }

    @Test
    void keywordsAndChoicesAreCaseInsensitive() {
        ExperimentConfig c = ExperimentConfig.parse("""
                {"name": "x", "edit_target": "NONE", "relearn": {"mode": "Full"},
                 "localization": {"causal_tracing": {"noise": "SQRT3SD"}}}
                """, "x.json");
        assertEquals("none", c.editTarget());
        assertEquals(RelearningAttack.Mode.FULL, c.relearn().mode());
        assertEquals("sqrt3sd", c.localization().causalTracing().noise());
    }

    @Test
    void everySampleConfigIsValid() throws IOException {
        Path samples = Path.of("sample-configs");
        List<Path> files;
        try (Stream<Path> s = Files.walk(samples)) { // sample-configs/paper/ too
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no sample configs in " + samples.toAbsolutePath());
        for (Path file : files) {
            ExperimentConfig c = ExperimentConfig.read(file);
            assertEquals(c, ExperimentConfig.parse(c.toJson(), file.getFileName().toString()), file.toString());
        }
    }
}
