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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonErrors;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a config's JSON tree field by field. Every problem is one {@link LocusException} line
 * {@code "<label>: <field path>: <what is wrong>"}, the path written with dots and [index]
 * ({@code run.json: edit.learning_rate: unknown field; did you mean lr?}). Absent fields take the caller's default;
 * JSON null is accepted only where a field may be null.
 */
final class ConfigFields {
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

    /** Common other names of fields, normalized (lower case, no separators), for "did you mean". */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("learningrate", "lr"), Map.entry("rate", "lr"), Map.entry("batchsize", "batch"),
            Map.entry("numsteps", "steps"), Map.entry("nsteps", "steps"), Map.entry("maxsteps", "steps"),
            Map.entry("epochs", "steps"), Map.entry("iters", "iterations"), Map.entry("maxiter", "iterations"),
            Map.entry("maxiters", "iterations"), Map.entry("wd", "weight_decay"), Map.entry("gradclip", "clip"),
            Map.entry("clipnorm", "clip"), Map.entry("maxgradnorm", "clip"), Map.entry("warmupsteps", "warmup"),
            Map.entry("seed", "seeds"), Map.entry("method", "methods"), Map.entry("dataset", "data"),
            Map.entry("modelpath", "model"), Map.entry("lorarank", "rank"), Map.entry("r", "rank"),
            Map.entry("loraalpha", "alpha"), Map.entry("l2reg", "l2"), Map.entry("regularization", "l2"),
            Map.entry("forgetset", "forget"), Map.entry("target", "edit_target"), Map.entry("loss", "objective"),
            Map.entry("probe", "probes"), Map.entry("figure", "figures"), Map.entry("plots", "figures"),
            Map.entry("resolution", "dpi"), Map.entry("layers", "flu_layers"), Map.entry("igsteps", "ig_steps"),
            Map.entry("evalevery", "eval_every"), Map.entry("enable", "enabled"));

    private final String label;
    private final Path base;

    /**
     * @param label names the file in every message
     * @param base the folder relative paths resolve against (the config file's folder)
     */
    ConfigFields(String label, Path base) {
        this.label = label;
        this.base = base.toAbsolutePath().normalize();
    }

    String label() {
        return label;
    }

    /** "label: path: what". */
    LocusException error(String path, String what) {
        // Field names and values come from the file: a newline in a key must not break the one-line message.
        return new LocusException(label + ": " + Messages.clip(path, 200) + ": " + Messages.clip(what, 2000));
    }

    /** The top-level object of a file's text; malformed JSON names the line and column. */
    Obj root(String json, Collection<String> known) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LocusException(label + ": not valid JSON" + JsonErrors.at(e.getLocation()) + ": " + JsonErrors.reason(e));
        }
        if (node == null || node.isMissingNode()) {
            throw new LocusException(label + ": is empty; expected a JSON object such as {\"name\": \"my-run\"}");
        }
        if (!node.isObject()) {
            throw new LocusException(label + ": expected a JSON object, got " + describe(node));
        }
        return new Obj(node, "", known);
    }

    /** An object whose fields are read with defaults; any field not in known is an error. */
    Obj object(JsonNode node, String path, Collection<String> known) {
        return new Obj(node, path, known);
    }

    /** One JSON object at a path. */
    final class Obj {
        private final JsonNode node;
        private final String path;

        private Obj(JsonNode node, String path, Collection<String> known) {
            if (!node.isObject()) {
                throw ConfigFields.this.error(path, "expected an object, got " + describe(node));
            }
            this.node = node;
            this.path = path;
            if (known == null) {
                return; // keys are names the caller checks itself
            }
            for (var names = node.fieldNames(); names.hasNext();) {
                String field = names.next();
                if (!known.contains(field)) {
                    String guess = suggest(field, known);
                    throw ConfigFields.this.error(at(field), "unknown field; " + (guess != null ? "did you mean " + guess + "?"
                            : "the fields here are " + String.join(", ", known)));
                }
            }
        }

        /** The path of a field of this object, for messages. */
        String at(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        String path() {
            return path;
        }

        /** "label: path.field: what". */
        LocusException error(String field, String what) {
            return ConfigFields.this.error(at(field), what);
        }

        /** The field's node; null when absent (JSON null is a NullNode). */
        JsonNode get(String field) {
            return node.get(field);
        }

        boolean has(String field) {
            return node.has(field);
        }

        /** The names of this object's fields, in file order. */
        List<String> fieldNames() {
            List<String> out = new ArrayList<>();
            node.fieldNames().forEachRemaining(out::add);
            return out;
        }

        /** The nested object; absent is an empty object (every field at its default). */
        Obj object(String field, Collection<String> known) {
            JsonNode n = node.get(field);
            return new Obj(n == null ? MAPPER.createObjectNode() : n, at(field), known);
        }

        /** The nested object whose keys are names (such as methods) the caller checks; absent is empty. */
        Obj keyed(String field) {
            return object(field, null);
        }

        /** A non-blank string, or the default when absent. */
        String text(String field, String fallback) {
            JsonNode n = node.get(field);
            return n == null ? fallback : string(n, at(field));
        }

        /** A non-blank string, null when the field is JSON null, the default when absent. */
        String nullableText(String field, String fallback) {
            JsonNode n = node.get(field);
            if (n == null) {
                return fallback;
            }
            return n.isNull() ? null : string(n, at(field));
        }

        /** A string, which may be empty; null when JSON null; the default when absent. */
        String freeText(String field, String fallback) {
            JsonNode n = node.get(field);
            if (n == null) {
                return fallback;
            }
            if (n.isNull()) {
                return null;
            }
            if (!n.isTextual()) {
                throw ConfigFields.this.error(at(field), "expected a string, got " + describe(n));
            }
            return n.textValue();
        }

        /** One of choices (case-insensitive, stored as written in choices), or the default when absent. */
        String choice(String field, String fallback, List<String> choices) {
            JsonNode n = node.get(field);
            if (n == null) {
                return fallback;
            }
            String value = string(n, at(field)).strip();
            for (String c : choices) {
                if (c.equalsIgnoreCase(value)) {
                    return c;
                }
            }
            throw ConfigFields.this.error(at(field), "must be one of " + String.join(", ", choices) + ", got " + describe(n));
        }

        /** A whole number in [min, max], or the default when absent. */
        int whole(String field, int fallback, long min, long max) {
            JsonNode n = node.get(field);
            return n == null ? fallback : (int) wholeNumber(n, at(field), min, Math.min(max, Integer.MAX_VALUE));
        }

        /** A number within bound, or the default when absent. */
        double number(String field, double fallback, Bound bound) {
            JsonNode n = node.get(field);
            if (n == null) {
                return fallback;
            }
            if (!n.isNumber()) {
                throw ConfigFields.this.error(at(field), "expected a number, got " + describe(n));
            }
            double v = n.doubleValue();
            if (!bound.test(v)) {
                throw ConfigFields.this.error(at(field), bound.rule + ", got " + n.asText());
            }
            return v;
        }

        /** true or false, or the default when absent. */
        boolean flag(String field, boolean fallback) {
            JsonNode n = node.get(field);
            if (n == null) {
                return fallback;
            }
            if (!n.isBoolean()) {
                throw ConfigFields.this.error(at(field), "expected true or false, got " + describe(n));
            }
            return n.booleanValue();
        }

        /** Distinct non-blank strings, or the default when absent; nonEmpty forbids []. */
        List<String> texts(String field, List<String> fallback, boolean nonEmpty) {
            JsonNode n = node.get(field);
            if (n == null) {
                return fallback;
            }
            String p = at(field);
            ArrayNode array = array(n, p, "an array of strings");
            if (nonEmpty && array.isEmpty()) {
                throw ConfigFields.this.error(p, "must not be empty");
            }
            List<String> out = new ArrayList<>(array.size());
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < array.size(); i++) {
                String item = string(array.get(i), p + "[" + i + "]");
                if (!seen.add(item)) {
                    throw ConfigFields.this.error(p + "[" + i + "]", "\"" + Messages.clip(item, 80) + "\" appears twice");
                }
                out.add(item);
            }
            return List.copyOf(out);
        }

        /**
         * A file or folder: "demo" as is, anything else resolved against the config's folder to an absolute path;
         * JSON null only when nullable.
         */
        String path(String field, String fallback, boolean nullable) {
            JsonNode n = node.get(field);
            if (n == null) {
                return fallback;
            }
            if (n.isNull()) {
                if (nullable) {
                    return null;
                }
                throw ConfigFields.this.error(at(field), "expected a path or \"demo\", got null");
            }
            String value = string(n, at(field)).strip();
            if (value.equals(ExperimentConfig.DEMO)) {
                return value;
            }
            try {
                return base.resolve(value).toAbsolutePath().normalize().toString();
            } catch (java.nio.file.InvalidPathException e) {
                throw ConfigFields.this.error(at(field), "\"" + Messages.clip(value, 120) + "\" is not a valid path: " + e.getReason());
            }
        }
    }

    /** What a number must satisfy, with the words for the rule. */
    enum Bound {
        ABOVE_ZERO("must be above 0"), AT_LEAST_ZERO("must be at least 0"),
        UNIT("must be above 0 and at most 1");

        final String rule;

        Bound(String rule) {
            this.rule = rule;
        }

        boolean test(double v) {
            return switch (this) {
                case ABOVE_ZERO -> v > 0 && Double.isFinite(v);
                case AT_LEAST_ZERO -> v >= 0 && Double.isFinite(v);
                case UNIT -> v > 0 && v <= 1;
            };
        }
    }

    /** A non-blank string node. */
    String string(JsonNode n, String path) {
        if (!n.isTextual()) {
            throw error(path, "expected a string, got " + describe(n));
        }
        if (n.textValue().isBlank()) {
            throw error(path, "must not be empty");
        }
        return n.textValue();
    }

    ArrayNode array(JsonNode n, String path, String what) {
        if (!n.isArray()) {
            throw error(path, "expected " + what + ", got " + describe(n));
        }
        return (ArrayNode) n;
    }

    /** A whole-number node in [min, max]. */
    long wholeNumber(JsonNode n, String path, long min, long max) {
        if (!n.isIntegralNumber()) {
            throw error(path, "expected a whole number, got " + describe(n));
        }
        BigInteger v = n.bigIntegerValue();
        boolean below = v.compareTo(BigInteger.valueOf(min)) < 0;
        if (below || v.compareTo(BigInteger.valueOf(max)) > 0) {
            boolean unbounded = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
            String rule = !unbounded ? "must be between " + min + " and " + max
                    : below ? "must be at least " + min : "must be at most " + max;
            throw error(path, rule + ", got " + v);
        }
        return v.longValue();
    }

    /** What a node is, for messages: {@code "fifty"} (quoted), 3.5, true, null, an object, an array. */
    static String describe(JsonNode node) {
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

    /** The known field closest to an unknown one, or null when none is close. */
    static String suggest(String unknown, Collection<String> known) {
        String u = normalize(unknown);
        for (String k : known) {
            if (normalize(k).equals(u)) {
                return k; // editFormat, edit-format, EDIT_FORMAT
            }
        }
        String alias = ALIASES.get(u);
        if (alias != null && known.contains(alias)) {
            return alias;
        }
        String initials = initials(unknown);
        if (initials.length() >= 2 && known.contains(initials)) {
            return initials; // learning_rate -> lr
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            String nk = normalize(k);
            int d = distance(u, nk);
            int allowed = Math.min(u.length(), nk.length()) < 5 ? 1 : 2;
            if (d <= allowed && d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        if (best != null) {
            return best;
        }
        for (String k : known) {
            String nk = normalize(k);
            boolean contains = nk.length() >= 4 && u.contains(nk) || u.length() >= 4 && nk.contains(u);
            if (contains && (best == null || nk.length() > normalize(best).length())) {
                best = k; // num_iterations -> iterations, rise -> flu_rise
            }
        }
        return best;
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** First letters of the words of snake_case, kebab-case or camelCase: learning_rate, learningRate -> lr. */
    private static String initials(String s) {
        StringBuilder b = new StringBuilder();
        String[] words = s.replaceAll("([a-z0-9])([A-Z])", "$1_$2").split("[^A-Za-z0-9]+");
        for (String w : words) {
            if (!w.isEmpty()) {
                b.append(Character.toLowerCase(w.charAt(0)));
            }
        }
        return b.toString();
    }

    /** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** Pretty JSON with a final newline. */
    static String pretty(ObjectNode node) {
        try {
            return MAPPER.writer(PRINTER).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // a tree of plain values always writes
        }
    }

    /** "no such file", "permission denied", "not valid UTF-8", or the exception's own reason, in one line. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof MalformedInputException) {
            return "not valid UTF-8 text";
        }
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (text == null || text.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return Messages.clip(text.lines().findFirst().orElse("").strip(), 160);
    }
}
