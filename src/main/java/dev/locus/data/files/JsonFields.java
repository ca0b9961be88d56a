package dev.locus.data.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.core.LocusException;
import dev.locus.data.Texts;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields of a JSON tree with errors that name the file and the field's path, like
 * {@code counterfact.json: records[3].requested_rewrite.target_true.str is missing}.
 */
final class JsonFields {
    private final String label;
    private final String suffix;

    JsonFields(String label) {
        this(label, "");
    }

    private JsonFields(String label, String suffix) {
        this.label = label;
        this.suffix = suffix;
    }

    /** The same, with context appended to every message, e.g. " (format 'mcq')". */
    JsonFields within(String context) {
        return new JsonFields(label, suffix + context);
    }

    /** "file: path what (context)". */
    LocusException error(String path, String what) {
        return new LocusException(label + ": " + path + " " + what + suffix);
    }

    /** "file: message": for messages that already say where (e.g. from a record's own validation). */
    LocusException error(String message) {
        return new LocusException(label + ": " + message);
    }

    /** The object at parent.field; missing or not an object is an error. */
    JsonNode object(JsonNode parent, String parentPath, String field) {
        String path = parentPath + "." + field;
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw error(path, "is missing");
        }
        if (!node.isObject()) {
            throw error(path, "must be an object, found " + describe(node));
        }
        return node;
    }

    /** The string at parent.field; missing or not a string is an error. */
    String text(JsonNode parent, String parentPath, String field) {
        String value = optionalText(parent, parentPath, field);
        if (value == null) {
            throw error(parentPath + "." + field, "is missing");
        }
        return value;
    }

    /** The string at parent.field, or null when absent; present but not a string is an error. */
    String optionalText(JsonNode parent, String parentPath, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw error(parentPath + "." + field, "must be a string, found " + describe(node));
        }
        return node.textValue();
    }

    /** An id that may be written as an integer or a string; null when absent. */
    String optionalId(JsonNode parent, String parentPath, String field) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.bigIntegerValue().toString();
        }
        if (node.isTextual() && !node.textValue().isBlank()) {
            return node.textValue().strip();
        }
        throw error(parentPath + "." + field, "must be an integer or a non-empty string, found " + describe(node));
    }

    /** The strings of the array at parent.field; absent gives an empty list, anything but strings is an error. */
    List<String> texts(JsonNode parent, String parentPath, String field) {
        String path = parentPath + "." + field;
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw error(path, "must be an array of strings, found " + describe(node));
        }
        List<String> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw error(path + "[" + i + "]", "must be a string, found " + describe(item));
            }
            out.add(item.textValue());
        }
        return out;
    }

    /** "a number", "an object", "the string 'x'": what a node is, for messages. */
    static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the string " + Texts.quote(node.textValue());
        }
        if (node.isNumber()) {
            return "the number " + Texts.quote(node.asText());
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
