package dev.locus.model.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A Hugging Face {@code config.json}, read with checks that name the file and the field on every error.
 * Adapters use it to turn each architecture's field names into one {@link ModelConfig}.
 */
public final class ConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final JsonNode root;

    private ConfigJson(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    /** Reads and parses {@code file}; an absent, unreadable or non-object file is a {@link LocusException}. */
    public static ConfigJson read(Path file) {
        String name = file.getFileName().toString();
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(file));
            if (node == null || !node.isObject()) {
                throw new LocusException(file + ": not a JSON object");
            }
            return new ConfigJson(name, node);
        } catch (NoSuchFileException e) {
            throw new LocusException(file + ": missing (a model folder needs config.json)");
        } catch (JacksonException e) {
            throw new LocusException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new LocusException(file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** Wraps an already parsed object, e.g. for tests and generated models. */
    public static ConfigJson of(String source, JsonNode root) {
        return new ConfigJson(source, root);
    }

    public JsonNode root() {
        return root;
    }

    /** The first entry of {@code architectures}, or null when the field is absent. */
    public String architecture() {
        JsonNode a = root.get("architectures");
        if (a == null || a.isNull()) {
            return null;
        }
        if (!a.isArray() || a.isEmpty() || !a.get(0).isTextual()) {
            throw error("architectures", "must be a list of names such as [\"LlamaForCausalLM\"]");
        }
        return a.get(0).asText();
    }

    public boolean has(String field) {
        JsonNode n = root.get(field);
        return n != null && !n.isNull();
    }

    /** A required positive integer. */
    public int positiveInt(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw error(field, "is missing");
        }
        return checkPositive(field, n);
    }

    /** An optional positive integer: {@code fallback} when absent or null. */
    public int positiveInt(String field, int fallback) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? fallback : checkPositive(field, n);
    }

    /** An optional positive number: {@code fallback} when absent or null. */
    public double positiveDouble(String field, double fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isNumber() || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble())) {
            throw error(field, "must be a positive number, got " + n);
        }
        return n.asDouble();
    }

    public boolean bool(String field, boolean fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isBoolean()) {
            throw error(field, "must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    public String text(String field, String fallback) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.isTextual()) {
            throw error(field, "must be a string, got " + n);
        }
        return n.asText();
    }

    /** A nested object, or null when absent. */
    public ConfigJson object(String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw error(field, "must be an object, got " + n);
        }
        return new ConfigJson(source + " field '" + field + "'", n);
    }

    /** An error about one field, naming the file. */
    public LocusException error(String field, String problem) {
        return new LocusException(source + ": field '" + field + "' " + problem);
    }

    private int checkPositive(String field, JsonNode n) {
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
            throw error(field, "must be a positive integer, got " + n);
        }
        return n.asInt();
    }
}
