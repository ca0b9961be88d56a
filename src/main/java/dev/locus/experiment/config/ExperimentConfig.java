package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.FieldSuggestions;
import dev.locus.core.JsonArray;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.data.ForgetSpec;
import dev.locus.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One experiment of {@code locus run CONFIG.json --out DIR}: which model and facts, which localization methods, how
 * each edit trains, and what is measured after it. Read a file with {@link #read}; every problem is one
 * {@link LocusException} line naming the file and the field ({@code run.json: edit.lr: must be above 0, got -0.001}).
 * Absent fields take their defaults (see {@code sample-configs/README.md}); {@link #write} writes every field resolved,
 * paths absolute, so the run directory's {@code config.json} reproduces the run from anywhere.
 *
 * @param name the run's name, letters, digits, '.', '_' and '-'
 * @param description free text, or null
 * @param model a model folder as an absolute path, or {@code demo}
 * @param data a Sports Facts CSV or CounterFact JSON as an absolute path, or {@code demo}
 * @param questions CounterFact multiple-choice questions (absolute path), or null
 * @param formatFile prompt formats replacing the dataset's own (absolute path), or null
 * @param formats the formats evaluated; empty means every format of the dataset
 * @param editFormat the format the edit trains on
 * @param forget the forget set
 * @param editTarget {@code random} (a random other attribute per fact, seeded), {@code data} (the dataset's own edit
 *     targets), {@code none} (pure unlearning), or one attribute value for every fact (e.g. {@code golf})
 * @param seeds the seeds each method runs with: distinct, not negative, not empty
 * @param methods the localization methods compared, a subset of {@link #METHODS} in the config's order
 * @param edit the edit settings of every method without overrides
 * @param methodEdit per method with overrides, its edit settings with them applied (see {@link #editFor})
 * @param softPrompt the soft-prompt attack after each edit ({@code "soft_prompt"}; null means its defaults, off)
 * @param masks selections given as mask files, by method name: a name of {@link #METHODS} replaces that method's
 *     own localization, any other name (e.g. a selection picked by hand in the workbench) is a method of its own
 */
public record ExperimentConfig(String name, String description, String model, String data, String questions,
        String formatFile, List<String> formats, String editFormat, ForgetSpec forget, String editTarget,
        List<Long> seeds, List<String> methods, LocalizationSettings localization, EditSettings edit,
        Map<String, EditSettings> methodEdit, EvaluationSettings evaluation, RelearnSettings relearn,
        ProbeSettings probes, FigureSettings figures, Map<String, String> masks, SoftPromptSettings softPrompt) {

    /** Every localization method a run can compare, in the order figures show them. */
    public static final List<String> METHODS = List.of("flu", "causal-tracing", "attribution-patching",
            "causal-tracing-mlps", "attribution-patching-mlps", "random", "random-mlps", "all-mlps", "nonlocalized");

    /** A method a config may name beside {@link #METHODS} (not run unless named): a circuit as a selection. */
    public static final String CIRCUIT = "circuit";

    /** The bundled Sports World model, data or general-capability set, instead of a path. */
    public static final String DEMO = "demo";
    /** The bundled model's city facts in CounterFact form, as data (only there). */
    public static final String DEMO_COUNTERFACT = dev.locus.model.Bundled.DEMO_COUNTERFACT;

    /** edit_target: a random other attribute per fact. */
    public static final String TARGET_RANDOM = "random";
    /** edit_target: the dataset's own edit column (CounterFact's target_new). */
    public static final String TARGET_DATA = "data";
    /** edit_target: no target; the edit only unlearns. */
    public static final String TARGET_NONE = "none";

    /** The default forget set. */
    public static final String DEFAULT_FORGET = "random:64:seed=0";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private static final List<String> FIELDS = List.of("name", "description", "model", "data", "questions",
            "format_file", "formats", "edit_format", "forget", "edit_target", "seeds", "methods", "localization", "edit",
            "method_edit", "evaluation", "relearn", "probes", "figures", "masks", "soft_prompt", "cluster");

    public ExperimentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(editFormat, "editFormat");
        Objects.requireNonNull(forget, "forget");
        Objects.requireNonNull(editTarget, "editTarget");
        Objects.requireNonNull(localization, "localization");
        Objects.requireNonNull(edit, "edit");
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(relearn, "relearn");
        Objects.requireNonNull(probes, "probes");
        Objects.requireNonNull(figures, "figures");
        softPrompt = softPrompt == null ? SoftPromptSettings.DEFAULTS : softPrompt;
        formats = List.copyOf(formats);
        seeds = List.copyOf(seeds);
        methods = List.copyOf(methods);
        methodEdit = Collections.unmodifiableMap(new LinkedHashMap<>(methodEdit));
        masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks == null ? Map.of() : masks));
    }

    /** A config with this name and every other field at its default. */
    public static ExperimentConfig defaults(String name) {
        return new ExperimentConfig(name, null, DEMO, DEMO, null, null, List.of(), "standard",
                ForgetSpec.parse(DEFAULT_FORGET), TARGET_RANDOM, List.of(0L), METHODS, LocalizationSettings.DEFAULTS,
                EditSettings.DEFAULTS, Map.of(), EvaluationSettings.DEFAULTS, RelearnSettings.DEFAULTS,
                ProbeSettings.DEFAULTS, FigureSettings.DEFAULTS, Map.of(), SoftPromptSettings.DEFAULTS);
    }

    /** Reads a config file; relative paths in it are resolved against the file's folder. */
    public static ExperimentConfig read(Path file) {
        String label = Messages.label(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read: " + Messages.reason(e)
                    + (e instanceof NoSuchFileException ? " (" + file.toAbsolutePath().normalize() + ")" : ""), e);
        }
        return parse(text, label, file.toAbsolutePath().getParent());
    }

    /** Parses a config's text; label names it in messages; relative paths resolve against the working folder. */
    public static ExperimentConfig parse(String json, String label) {
        return parse(json, label, Path.of(""));
    }

    /** Parses a config's text; label names it in messages; relative paths resolve against baseFolder. */
    public static ExperimentConfig parse(String json, String label, Path baseFolder) {
        ConfigFiles files = new ConfigFiles(baseFolder);
        JsonObject o = ConfigFiles.root(label, json).known(FIELDS);
        String name = name(o);
        String description = o.nullableText("description", null);
        String model = files.path(o, "model", DEMO, false);
        String data = files.path(o, "data", DEMO, false);
        String questions = notDemo(o, "questions", files.path(o, "questions", null, true));
        if (questions != null && (data.equals(DEMO) || !data.toLowerCase(Locale.ROOT).endsWith(".json"))) {
            throw o.error("questions", "goes with a CounterFact JSON file as data, not "
                    + (data.equals(DEMO) ? DEMO : Path.of(data).getFileName()));
        }
        String formatFile = notDemo(o, "format_file", files.path(o, "format_file", null, true));
        List<String> formats = o.names("formats", List.of(), false);
        String editFormat = o.nonBlank("edit_format", "standard");
        ForgetSpec forget = forget(o);
        String editTarget = editTarget(o);
        List<Long> seeds = seeds(o);
        Map<String, String> masks = masks(o, files);
        List<String> methods = methods(o, masks.keySet());
        LocalizationSettings localization = LocalizationSettings.read(
                o.objectOrEmpty("localization").known(LocalizationSettings.FIELDS));
        EditSettings edit = EditSettings.read(o.objectOrEmpty("edit").known(EditSettings.FIELDS),
                EditSettings.DEFAULTS);
        Map<String, EditSettings> methodEdit = methodEdit(o, methods, edit);
        // how runs are launched does not change what they compute: checked here, read by ClusterSettings.of
        ClusterSettings.read(o.objectOrEmpty("cluster").known(ClusterSettings.FIELDS));
        return new ExperimentConfig(name, description, model, data, questions, formatFile, formats, editFormat,
                forget, editTarget, seeds, methods, localization, edit, methodEdit,
                EvaluationSettings.read(o.objectOrEmpty("evaluation").known(EvaluationSettings.FIELDS), files),
                RelearnSettings.read(o.objectOrEmpty("relearn").known(RelearnSettings.FIELDS)),
                ProbeSettings.read(o.objectOrEmpty("probes").known(ProbeSettings.FIELDS)),
                FigureSettings.read(o.objectOrEmpty("figures").known(FigureSettings.FIELDS)), masks,
                SoftPromptSettings.read(o.objectOrEmpty("soft_prompt").known(SoftPromptSettings.FIELDS)));
    }

    /** The edit settings method trains with: {@link #edit} with the method's {@code method_edit} overrides. */
    public EditSettings editFor(String method) {
        if (!METHODS.contains(method) && !CIRCUIT.equals(method) && !masks.containsKey(method)) {
            throw new IllegalArgumentException("not a method: " + method + "; the methods are " + METHODS);
        }
        return methodEdit.getOrDefault(method, edit);
    }

    /** This config with another model folder ({@code demo} for the bundled one). */
    public ExperimentConfig withModel(String modelFolder) {
        return new ExperimentConfig(name, description, modelFolder, data, questions, formatFile, formats, editFormat,
                forget, editTarget, seeds, methods, localization, edit, methodEdit, evaluation, relearn, probes, figures, masks,
                softPrompt);
    }

    /** This config with other facts: data, questions and format file as in the config file. */
    public ExperimentConfig withData(String newData, String newQuestions, String newFormatFile) {
        return new ExperimentConfig(name, description, model, newData, newQuestions, newFormatFile, formats, editFormat,
                forget, editTarget, seeds, methods, localization, edit, methodEdit, evaluation, relearn, probes, figures, masks,
                softPrompt);
    }

    /** This config with another forget set and edit target. */
    public ExperimentConfig withForget(ForgetSpec newForget, String newEditTarget) {
        return new ExperimentConfig(name, description, model, data, questions, formatFile, formats, editFormat,
                newForget, newEditTarget, seeds, methods, localization, edit, methodEdit, evaluation, relearn, probes,
                figures, masks, softPrompt);
    }

    /** This config with another name, seeds and methods (overrides kept for the methods that stay). */
    public ExperimentConfig withRun(String newName, List<Long> newSeeds, List<String> newMethods) {
        Map<String, EditSettings> kept = new LinkedHashMap<>(methodEdit);
        kept.keySet().retainAll(newMethods);
        Map<String, String> keptMasks = new LinkedHashMap<>(masks);
        keptMasks.keySet().retainAll(newMethods);
        return new ExperimentConfig(newName, description, model, data, questions, formatFile, formats, editFormat,
                forget, editTarget, newSeeds, newMethods, localization, edit, kept, evaluation, relearn, probes, figures,
                keptMasks, softPrompt);
    }

    /** This config with other edit settings: for every method, and per method (may be empty). */
    public ExperimentConfig withEdit(EditSettings newEdit, Map<String, EditSettings> newMethodEdit) {
        return new ExperimentConfig(name, description, model, data, questions, formatFile, formats, editFormat,
                forget, editTarget, seeds, methods, localization, newEdit, newMethodEdit, evaluation, relearn, probes,
                figures, masks, softPrompt);
    }

    /** This config with selections given as mask files, by method name. */
    public ExperimentConfig withMasks(Map<String, String> newMasks) {
        return new ExperimentConfig(name, description, model, data, questions, formatFile, formats, editFormat,
                forget, editTarget, seeds, methods, localization, edit, methodEdit, evaluation, relearn, probes, figures,
                newMasks, softPrompt);
    }

    /** This config with other relearning and probe settings. */
    public ExperimentConfig withAttack(RelearnSettings newRelearn, ProbeSettings newProbes) {
        return new ExperimentConfig(name, description, model, data, questions, formatFile, formats, editFormat,
                forget, editTarget, seeds, methods, localization, edit, methodEdit, evaluation, newRelearn, newProbes,
                figures, masks, softPrompt);
    }

    /** This config with other soft-prompt attack settings. */
    public ExperimentConfig withSoftPrompt(SoftPromptSettings newSoftPrompt) {
        return new ExperimentConfig(name, description, model, data, questions, formatFile, formats, editFormat,
                forget, editTarget, seeds, methods, localization, edit, methodEdit, evaluation, relearn, probes, figures,
                masks, newSoftPrompt);
    }

    /** The path a path field holds, or null for {@code demo} and for null. */
    public static Path pathOf(String value) {
        return value == null || value.equals(DEMO) || value.equals(DEMO_COUNTERFACT) ? null : Path.of(value);
    }

    /**
     * Checks that every input file and folder exists (model, data, questions, format_file, the general sets); what
     * is missing is a LocusException naming the config and the field. {@link #read} does not check, so that a
     * config can be read, shown and written on another machine.
     */
    public void checkInputsExist(String label) {
        checkExists(label, "model", model, true);
        checkExists(label, "data", data, false);
        checkExists(label, "questions", questions, false);
        checkExists(label, "format_file", formatFile, false);
        checkExists(label, "evaluation.general_questions", evaluation.generalQuestions(), false);
        checkExists(label, "evaluation.general_text", evaluation.generalText(), false);
        masks.forEach((method, file) -> checkExists(label, "masks." + method, file, false));
    }

    private static void checkExists(String label, String field, String value, boolean folder) {
        Path p = pathOf(value);
        if (p == null) {
            return;
        }
        String problem = !Files.exists(p) ? "no such " + (folder ? "folder" : "file")
                : folder && !Files.isDirectory(p) ? "not a folder"
                : !folder && !Files.isRegularFile(p) ? "not a file" : null;
        if (problem != null) {
            throw new LocusException(label + ": " + field + ": " + p + ": " + problem);
        }
    }

    /** Writes {@link #toJson} to file atomically. */
    public void write(Path file) {
        AtomicFiles.writeString(file, toJson());
    }

    /** Pretty JSON with every field resolved (defaults written out, paths absolute), which {@link #parse} reads back. */
    public String toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("name", name);
        n.put("description", description);
        n.put("model", model);
        n.put("data", data);
        n.put("questions", questions);
        n.put("format_file", formatFile);
        formats.forEach(n.putArray("formats")::add);
        n.put("edit_format", editFormat);
        n.put("forget", forget.text());
        n.put("edit_target", editTarget);
        ArrayNode seedArray = n.putArray("seeds");
        seeds.forEach(seedArray::add);
        methods.forEach(n.putArray("methods")::add);
        n.set("localization", localization.toJson());
        n.set("edit", edit.toJson());
        ObjectNode overrides = n.putObject("method_edit");
        methodEdit.forEach((method, settings) -> overrides.set(method, settings.toJson()));
        n.set("evaluation", evaluation.toJson());
        n.set("relearn", relearn.toJson());
        n.set("probes", probes.toJson());
        n.set("figures", figures.toJson());
        ObjectNode maskFiles = n.putObject("masks");
        masks.forEach(maskFiles::put);
        n.set("soft_prompt", softPrompt.toJson());
        return ConfigFiles.pretty(n);
    }

    private static String name(JsonObject o) {
        JsonNode n = o.get("name");
        if (n == null || n.isNull()) {
            throw o.error("name", "is missing; every config needs a name such as \"sports-flu-vs-ot\"");
        }
        String name = o.nonBlank("name");
        if (!NAME.matcher(name).matches() || name.chars().allMatch(c -> c == '.')) {
            throw o.error("name", "may hold only letters, digits, '.', '_' and '-' (it names the run), got "
                    + JsonObject.describe(n));
        }
        return name;
    }

    private static String notDemo(JsonObject o, String field, String value) {
        if (DEMO.equals(value)) {
            throw o.error(field, "\"demo\" is not available here; give a path or null");
        }
        return value;
    }

    private static ForgetSpec forget(JsonObject o) {
        String text = o.nonBlank("forget", DEFAULT_FORGET);
        try {
            return ForgetSpec.parse(text);
        } catch (LocusException e) {
            throw o.error("forget", e.getMessage());
        }
    }

    private static String editTarget(JsonObject o) {
        String text = o.nonBlank("edit_target", TARGET_RANDOM).strip();
        for (String keyword : List.of(TARGET_RANDOM, TARGET_DATA, TARGET_NONE)) {
            if (keyword.equalsIgnoreCase(text)) {
                return keyword;
            }
        }
        return text;
    }

    private static List<Long> seeds(JsonObject o) {
        if (!o.has("seeds")) {
            return List.of(0L);
        }
        JsonArray array = o.array("seeds", "an array of whole numbers such as [0, 1, 2]");
        if (array.isEmpty()) {
            throw array.error("must hold at least one seed");
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            long seed = array.wholeLong(i, 0, Long.MAX_VALUE);
            if (out.contains(seed)) {
                throw array.error(i, seed + " appears twice");
            }
            out.add(seed);
        }
        return out;
    }

    private static Map<String, String> masks(JsonObject o, ConfigFiles files) {
        if (o.get("masks") == null || o.get("masks").isNull()) {
            return Map.of();
        }
        JsonObject masks = o.object("masks");
        Map<String, String> out = new LinkedHashMap<>();
        for (String method : masks.fieldNames()) {
            if (!NAME.matcher(method).matches()) {
                throw masks.error(method, "a method's name may hold only letters, digits, '.', '_' and '-'");
            }
            out.put(method, files.path(masks, method, null, false));
        }
        return out;
    }

    private static List<String> methods(JsonObject o, Set<String> maskMethods) {
        if (!o.has("methods")) {
            return METHODS;
        }
        JsonArray array = o.array("methods", "an array of method names");
        if (array.isEmpty()) {
            throw array.error("must hold at least one of " + String.join(", ", METHODS));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String method = array.nonBlank(i);
            if (!METHODS.contains(method) && !CIRCUIT.equals(method) && !maskMethods.contains(method)) {
                throw array.error(i, unknownMethod(method));
            }
            if (out.contains(method)) {
                throw array.error(i, method + " appears twice");
            }
            out.add(method);
        }
        return out;
    }

    private static String unknownMethod(String method) {
        String guess = FieldSuggestions.suggest(method, METHODS);
        return "unknown method \"" + Messages.clip(method, 80) + "\"" + (guess == null ? "" : " (did you mean " + guess
                + "?)") + "; the methods are " + String.join(", ", METHODS) + " and " + CIRCUIT;
    }

    private static Map<String, EditSettings> methodEdit(JsonObject o, List<String> methods, EditSettings edit) {
        if (!o.has("method_edit")) {
            return Map.of();
        }
        JsonObject overrides = o.object("method_edit");
        Map<String, EditSettings> out = new LinkedHashMap<>();
        Set<String> given = new HashSet<>(overrides.fieldNames());
        for (String method : overrides.fieldNames()) {
            if (!METHODS.contains(method) && !methods.contains(method)) {
                throw overrides.error(method, unknownMethod(method));
            }
            if (!methods.contains(method)) {
                throw overrides.error(method, method + " is not among methods (" + String.join(", ", methods)
                        + "), so it never trains");
            }
        }
        for (String method : methods) { // in the order of methods, so that files list them in run order
            if (given.contains(method)) {
                out.put(method, EditSettings.read(overrides.object(method).known(EditSettings.FIELDS), edit));
            }
        }
        return out;
    }
}
