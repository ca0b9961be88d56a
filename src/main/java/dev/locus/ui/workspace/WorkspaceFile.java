package dev.locus.ui.workspace;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonErrors;
import dev.locus.core.LocusException;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A saved workbench session ({@code *.locus.json}): the model folder ({@code demo} for the bundled one), the session's
 * config, the selections (each a mask JSON file next to the workspace file, by a path relative to it), which
 * selection is current and which is compared, the run folders, and the panel shown. Every problem reading one is a
 * LocusException naming the file and the field.
 *
 * @param config the session config's JSON ({@link ExperimentConfig#toJson()})
 * @param selections selection name to mask file, relative to the workspace file's folder
 * @param selection the current selection's name, or null
 * @param comparison the compared selection's name, or null
 * @param runs run folders, absolute
 * @param panel the title of the panel shown, or null
 */
public record WorkspaceFile(int version, String model, String config, Map<String, String> selections, String selection,
        String comparison, List<String> runs, String panel) {

    /** What the {@code format} field of every workspace file says. */
    public static final String FORMAT = "locus-workspace";
    public static final int VERSION = 1;
    /** The file name ending the save dialog suggests. */
    public static final String EXTENSION = ".locus.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public WorkspaceFile {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        selections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(selections));
        runs = List.copyOf(runs);
    }

    /** The folder of mask files that goes with a workspace file: {@code name.locus.json} has {@code name-masks/}. */
    public static Path masksFolder(Path file) {
        String name = file.getFileName().toString();
        String base = name.endsWith(EXTENSION) ? name.substring(0, name.length() - EXTENSION.length())
                : name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return file.resolveSibling(base + "-masks");
    }

    /** The session config it holds, parsed (errors name the file and the field under {@code config}). */
    public ExperimentConfig experimentConfig(Path file) {
        return ExperimentConfig.parse(config, file.getFileName() + ": config");
    }

    /** The model folder to open: the bundled one for {@code demo}. */
    public Path modelFolder() {
        return model.equals(ExperimentConfig.DEMO) ? dev.locus.model.Bundled.sportsWorld() : Path.of(model);
    }

    /** Writes the file atomically (pretty-printed JSON). */
    public void write(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", version);
        root.put("model", model);
        try {
            root.set("config", JSON.readTree(config));
        } catch (JacksonException e) {
            throw new IllegalStateException("the session config is not JSON", e);
        }
        ObjectNode masks = root.putObject("selections");
        selections.forEach(masks::put);
        root.put("selection", selection);
        root.put("comparison", comparison);
        runs.forEach(root.putArray("runs")::add);
        root.put("panel", panel);
        AtomicFiles.writeString(file, root.toPrettyString() + "\n");
    }

    /** Reads a workspace file; anything wrong is one LocusException naming the file and the field. */
    public static WorkspaceFile read(Path file) {
        String label = String.valueOf(file.getFileName());
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new LocusException(label + ": no such file (" + file.toAbsolutePath() + ")", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new LocusException(label + ": not a workspace file (not UTF-8 text)", e);
        } catch (JacksonException e) {
            throw new LocusException(label + ": not a workspace file (not JSON: " + JsonErrors.reason(e)
                    + JsonErrors.at(e.getLocation()) + ")", e);
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new LocusException(label + ": not a workspace file (a JSON object is expected)");
        }
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new LocusException(label + ": not a Locus workspace file (its \"format\" must be \"" + FORMAT + "\")");
        }
        JsonNode v = root.get("version");
        if (v == null || !v.isInt()) {
            throw new LocusException(label + ": version: must be a whole number");
        }
        if (v.asInt() > VERSION || v.asInt() < 1) {
            throw new LocusException(label + ": version: " + v.asInt() + " is not known to this Locus (it reads version "
                    + VERSION + "); a newer Locus wrote it");
        }
        String model = text(root, "model", label, true);
        JsonNode config = root.get("config");
        if (config == null || !config.isObject()) {
            throw new LocusException(label + ": config: must be an object (the session's settings)");
        }
        Map<String, String> selections = new LinkedHashMap<>();
        JsonNode s = root.get("selections");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                throw new LocusException(label + ": selections: must be an object of selection name to mask file");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                    throw new LocusException(label + ": selections." + e.getKey() + ": must be a mask file name");
                }
                selections.put(e.getKey(), e.getValue().asText());
            }
        }
        List<String> runs = new ArrayList<>();
        JsonNode r = root.get("runs");
        if (r != null && !r.isNull()) {
            if (!r.isArray()) {
                throw new LocusException(label + ": runs: must be a list of run folders");
            }
            for (int i = 0; i < r.size(); i++) {
                if (!r.get(i).isTextual()) {
                    throw new LocusException(label + ": runs[" + i + "]: must be a folder path");
                }
                runs.add(r.get(i).asText());
            }
        }
        WorkspaceFile w = new WorkspaceFile(v.asInt(), model, config.toString(), selections,
                text(root, "selection", label, false), text(root, "comparison", label, false), runs,
                text(root, "panel", label, false));
        for (String name : List.of(nullToEmpty(w.selection()), nullToEmpty(w.comparison()))) {
            if (!name.isEmpty() && !selections.containsKey(name)) {
                throw new LocusException(label + ": selection '" + name + "' is not one of the saved selections "
                        + selections.keySet());
            }
        }
        w.experimentConfig(file); // a broken config is this file's error now, not the data loader's later
        return w;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String text(JsonNode root, String field, String label, boolean required) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new LocusException(label + ": " + field + ": missing");
            }
            return null;
        }
        if (!n.isTextual() || (required && n.asText().isBlank())) {
            throw new LocusException(label + ": " + field + ": must be " + (required ? "a non-empty " : "a ") + "text");
        }
        return n.asText();
    }
}
