package dev.locus.experiment.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * What is particular to config files besides their fields (which {@link JsonObject} reads): the JSON dialect (comments
 * allowed, duplicate keys refused), pretty writing, and path fields resolved against the config's folder.
 */
final class ConfigFiles {
    /**
     * Duplicate keys are an error (in a hand-edited file the second one silently winning hides a typo); // and
     * block comments are allowed, so that a config can explain itself.
     */
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** {@code "key": value}, two-space indents. */
    private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER));

    private final Path base;

    /** @param base the folder relative paths resolve against (the config file's folder) */
    ConfigFiles(Path base) {
        this.base = base.toAbsolutePath().normalize();
    }

    /** The top-level object of a config's text, label naming it in messages. */
    static JsonObject root(String label, String json) {
        JsonNode node = JsonObject.parse(label, json, MAPPER);
        if (node == null || node.isMissingNode()) {
            throw new LocusException(label + ": file is empty; expected a JSON object such as {\"name\": \"my-run\"}");
        }
        return JsonObject.root(label, node);
    }

    /**
     * A file or folder: "demo" (and, for data, "demo-counterfact") as is, anything else resolved against the config's folder to an absolute path; JSON
     * null only when nullable; the fallback when absent.
     */
    String path(JsonObject o, String field, String fallback, boolean nullable) {
        JsonNode n = o.get(field);
        if (n == null) {
            return fallback;
        }
        if (n.isNull()) {
            if (nullable) {
                return null;
            }
            throw o.error(field, "expected a path or \"demo\", got null");
        }
        String value = o.nonBlank(field).strip();
        if (value.equals(ExperimentConfig.DEMO)
                || field.equals("data") && value.equals(ExperimentConfig.DEMO_COUNTERFACT)) { // a dataset only
            return value;
        }
        try {
            return base.resolve(value).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            throw o.error(field, "not a valid path (" + e.getReason() + "), got " + JsonObject.describe(n));
        }
    }

    /** Pretty JSON with a final newline. */
    static String pretty(ObjectNode node) {
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // a tree of plain values always writes
        }
    }
}
