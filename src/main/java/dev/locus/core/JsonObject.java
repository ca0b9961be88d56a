package dev.locus.core;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One JSON object of a file, read field by field. It knows the file's label and its own path in the file, so that
 * every problem is one {@link LocusException} line {@code <file>: <path>: <what is wrong>}, the path written with
 * dots and [index] and a wrong value shown after "got" as it is written in the file:
 * {@code run.json: edit.lr: must be above 0, got 0}, {@code cf.json: records[3].requested_rewrite.subject: is missing},
 * {@code config.json: rope_scaling.factor: expected a number, got "2"}.
 *
 * <p>Getters without a fallback require the field; getters with one return it when the field is absent. JSON null is
 * a value of its own, refused wherever a field may not be null, unless the reader is {@link #nullIsAbsent()} (files
 * such as Hugging Face configs write null for "not set").
 */
public final class JsonObject {
    private final String label;
    private final String path;
    private final JsonNode node;
    private final boolean nullIsAbsent;

    private JsonObject(String label, String path, JsonNode node, boolean nullIsAbsent) {
        this.label = label;
        this.path = path;
        this.node = node;
        this.nullIsAbsent = nullIsAbsent;
    }

    /** Parses a file's text; malformed JSON is {@code <label>: not valid JSON at line L, column C: <reason>}. */
    public static JsonNode parse(String label, String text, ObjectMapper mapper) {
        try {
            return mapper.readTree(text);
        } catch (JacksonException e) {
            throw new LocusException(label + ": not valid JSON" + JsonErrors.at(e.getLocation()) + ": "
                    + JsonErrors.reason(e), e);
        }
    }

    /**
     * The top-level object of a file: no JSON at all is {@code <label>: file is empty; expected a JSON object},
     * anything but an object {@code <label>: expected a JSON object, got an array}.
     */
    public static JsonObject root(String label, JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new LocusException(label + ": file is empty; expected a JSON object");
        }
        return at(label, "", node);
    }

    /** The object at path (empty for the top level) of the file label; anything but an object is an error. */
    public static JsonObject at(String label, String path, JsonNode node) {
        if (!node.isObject()) {
            throw error(label, path, (path.isEmpty() ? "expected a JSON object, got " : "expected an object, got ")
                    + describe(node));
        }
        return new JsonObject(label, path, node, false);
    }

    /** This object, and every object and array read from it, with JSON null read as an absent field. */
    public JsonObject nullIsAbsent() {
        return new JsonObject(label, path, node, true);
    }

    /**
     * Checks that every field of this object is one of fields; the first other one is an error that suggests the
     * nearest known field ({@code edit.learning_rate: unknown field; did you mean lr?}) or lists them. Returns this.
     */
    public JsonObject known(Collection<String> fields) {
        for (var names = node.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!fields.contains(field)) {
                String guess = FieldSuggestions.suggest(field, fields);
                throw error(field, "unknown field; " + (guess != null ? "did you mean " + guess + "?"
                        : "the fields here are " + String.join(", ", fields)));
            }
        }
        return this;
    }

    public String label() {
        return label;
    }

    /** Where this object is in the file, e.g. {@code records[3].requested_rewrite}; empty at the top level. */
    public String path() {
        return path;
    }

    /** The path of one of this object's fields, for messages. */
    public String pathOf(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    /** The names of this object's fields, in file order. */
    public List<String> fieldNames() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Whether the field is present (and, where null is absent, not null). */
    public boolean has(String field) {
        return get(field) != null;
    }

    /** The field's node as it is; null when absent (or null, where null is absent). */
    public JsonNode get(String field) {
        JsonNode n = node.get(field);
        return n == null || nullIsAbsent && n.isNull() ? null : n;
    }

    /** {@code <label>: <path>: <what>}: a problem with this object as a whole. */
    public LocusException error(String what) {
        return error(label, path, what);
    }

    /** {@code <label>: <path>.<field>: <what>}: a problem with one field. */
    public LocusException error(String field, String what) {
        return error(label, pathOf(field), what);
    }

    /** {@code <label>: <path>: <what>}, or {@code <label>: <what>} at the top level: the wording of every message. */
    public static LocusException error(String label, String path, String what) {
        // Paths and values come from the file: a newline in a key must not break the one-line message.
        return new LocusException(label + ": " + (path.isEmpty() ? "" : Messages.clip(path, 200) + ": ")
                + Messages.clip(what, 2000));
    }

    /** What a node is, as it is written in the file: {@code "fifty"} (quoted), 3.5, true, null, an object, an array. */
    public static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "\"" + Messages.clip(node.textValue(), 80) + "\"";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        return Messages.clip(node.asText(), 80);
    }

    // ---- strings ----

    /** A string, which may be empty; required. */
    public String text(String field) {
        return string(label, pathOf(field), required(field), false);
    }

    /** A string, which may be empty, or the fallback when absent. */
    public String text(String field, String fallback) {
        JsonNode n = get(field);
        return n == null ? fallback : string(label, pathOf(field), n, false);
    }

    /** A string that is not blank; required. */
    public String nonBlank(String field) {
        return string(label, pathOf(field), required(field), true);
    }

    /** A string that is not blank, or the fallback when absent. */
    public String nonBlank(String field, String fallback) {
        JsonNode n = get(field);
        return n == null ? fallback : string(label, pathOf(field), n, true);
    }

    /** A string, which may be empty; null when the field is JSON null; the fallback when absent. */
    public String nullableText(String field, String fallback) {
        JsonNode n = node.get(field);
        if (n == null) {
            return fallback;
        }
        return n.isNull() ? null : string(label, pathOf(field), n, false);
    }

    /** One of choices (case and surrounding spaces ignored, returned as written in choices); required. */
    public String choice(String field, List<String> choices) {
        return choose(field, required(field), choices);
    }

    /** One of choices (case and surrounding spaces ignored, returned as written in choices), or the fallback. */
    public String choice(String field, String fallback, List<String> choices) {
        JsonNode n = get(field);
        return n == null ? fallback : choose(field, n, choices);
    }

    private String choose(String field, JsonNode n, List<String> choices) {
        String value = string(label, pathOf(field), n, true).strip();
        for (String c : choices) {
            if (c.equalsIgnoreCase(value)) {
                return c;
            }
        }
        throw error(field, "must be one of " + String.join(", ", choices) + ", got " + describe(n));
    }

    /** The strings of an array (any, repeats allowed), or the fallback when absent. */
    public List<String> texts(String field, List<String> fallback) {
        if (!has(field)) {
            return fallback;
        }
        JsonArray array = array(field, "an array of strings");
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(array.text(i));
        }
        return List.copyOf(out);
    }

    /** Distinct non-blank strings, or the fallback when absent; nonEmpty forbids []. */
    public List<String> names(String field, List<String> fallback, boolean nonEmpty) {
        if (!has(field)) {
            return fallback;
        }
        JsonArray array = array(field, "an array of strings");
        if (nonEmpty && array.isEmpty()) {
            throw error(field, "must not be empty");
        }
        List<String> out = new ArrayList<>(array.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String item = array.nonBlank(i);
            if (!seen.add(item)) {
                throw array.error(i, describe(array.get(i)) + " appears twice");
            }
            out.add(item);
        }
        return List.copyOf(out);
    }

    // ---- numbers and flags ----

    /** A whole number in [min, max]; required. */
    public int whole(String field, int min, int max) {
        return (int) whole(label, pathOf(field), required(field), min, max);
    }

    /** A whole number in [min, max], or the fallback when absent. */
    public int whole(String field, int fallback, int min, int max) {
        JsonNode n = get(field);
        return n == null ? fallback : (int) whole(label, pathOf(field), n, min, max);
    }

    /** A whole number in [min, max] as a long; required. */
    public long wholeLong(String field, long min, long max) {
        return whole(label, pathOf(field), required(field), min, max);
    }

    /** A number that satisfies bound; required. */
    public double number(String field, Bound bound) {
        return number(label, pathOf(field), required(field), bound);
    }

    /** A number that satisfies bound, or the fallback when absent. */
    public double number(String field, double fallback, Bound bound) {
        JsonNode n = get(field);
        return n == null ? fallback : number(label, pathOf(field), n, bound);
    }

    /** true or false; required. */
    public boolean flag(String field) {
        return flag(pathOf(field), required(field));
    }

    /** true or false, or the fallback when absent. */
    public boolean flag(String field, boolean fallback) {
        JsonNode n = get(field);
        return n == null ? fallback : flag(pathOf(field), n);
    }

    private boolean flag(String at, JsonNode n) {
        if (!n.isBoolean()) {
            throw error(label, at, "expected true or false, got " + describe(n));
        }
        return n.booleanValue();
    }

    /** What a number must satisfy, with the words for the rule. */
    public enum Bound {
        /** Finite and above 0. */
        ABOVE_ZERO("must be above 0"),
        /** Finite and at least 0. */
        AT_LEAST_ZERO("must be at least 0"),
        /** In (0, 1]. */
        UNIT("must be above 0 and at most 1");

        private final String rule;

        Bound(String rule) {
            this.rule = rule;
        }

        /** The rule in words, e.g. "must be above 0". */
        public String rule() {
            return rule;
        }

        public boolean test(double v) {
            return switch (this) {
                case ABOVE_ZERO -> v > 0 && Double.isFinite(v);
                case AT_LEAST_ZERO -> v >= 0 && Double.isFinite(v);
                case UNIT -> v > 0 && v <= 1;
            };
        }
    }

    // ---- nested objects and arrays ----

    /** The nested object; required. */
    public JsonObject object(String field) {
        return nested(pathOf(field), required(field));
    }

    /** The nested object, or an empty one at its path when absent (every field at its default). */
    public JsonObject objectOrEmpty(String field) {
        JsonNode n = get(field);
        return nested(pathOf(field), n == null ? JsonNodeFactory.instance.objectNode() : n);
    }

    /** The nested object, or null when absent. */
    public JsonObject objectOrNull(String field) {
        JsonNode n = get(field);
        return n == null ? null : nested(pathOf(field), n);
    }

    /** The array at field; required; expected says what it should be, e.g. "an array of whole numbers". */
    public JsonArray array(String field, String expected) {
        return new JsonArray(label, pathOf(field), required(field), expected, nullIsAbsent);
    }

    JsonObject nested(String at, JsonNode n) {
        JsonObject o = at(label, at, n);
        return nullIsAbsent ? o.nullIsAbsent() : o;
    }

    private JsonNode required(String field) {
        JsonNode n = get(field);
        if (n == null) {
            throw error(field, "is missing");
        }
        return n;
    }

    // ---- checks of one node, shared with JsonArray ----

    static String string(String label, String at, JsonNode n, boolean nonBlank) {
        if (!n.isTextual()) {
            throw error(label, at, "expected a string, got " + describe(n));
        }
        if (nonBlank && n.textValue().isBlank()) {
            throw error(label, at, "must not be empty");
        }
        return n.textValue();
    }

    static long whole(String label, String at, JsonNode n, long min, long max) {
        if (!n.isIntegralNumber()) {
            throw error(label, at, "expected a whole number, got " + describe(n));
        }
        BigInteger v = n.bigIntegerValue();
        boolean below = v.compareTo(BigInteger.valueOf(min)) < 0;
        if (below || v.compareTo(BigInteger.valueOf(max)) > 0) {
            boolean unbounded = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
            String rule = !unbounded ? "must be between " + min + " and " + max
                    : below ? "must be at least " + min : "must be at most " + max;
            throw error(label, at, rule + ", got " + v);
        }
        return v.longValue();
    }

    static double number(String label, String at, JsonNode n, Bound bound) {
        if (!n.isNumber()) {
            throw error(label, at, "expected a number, got " + describe(n));
        }
        double v = n.doubleValue();
        if (!bound.test(v)) {
            throw error(label, at, bound.rule + ", got " + Messages.clip(n.asText(), 80));
        }
        return v;
    }
}
