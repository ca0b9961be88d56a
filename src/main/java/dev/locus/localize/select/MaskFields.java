package dev.locus.localize.select;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonErrors;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.model.LocusModel;
import dev.locus.model.component.Component;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a mask file as a JSON tree, both ways: what {@code masks/<strategy>.json} holds, and (as strings) what
 * the {@code __metadata__} of {@code masks/<strategy>.safetensors} holds. Reading checks every field and names the
 * file and the field in its errors.
 */
final class MaskFields {
    static final String FORMAT = "locus-mask";
    static final int VERSION = 1;

    /** Duplicate keys are an error: in a hand-edited file the second one silently winning hides a typo. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Fields that metadata stores as JSON text; the others are plain strings (and keys we do not know stay so). */
    private static final Set<String> JSON_FIELDS = Set.of("format_version", "parameter_count", "components", "model",
            "scores");

    private final String label;
    private final String prefix;

    /**
     * @param label the file, as messages name it
     * @param prefix put before field names in messages: "" in a JSON file, "__metadata__." in safetensors
     */
    MaskFields(String label, String prefix) {
        this.label = label;
        this.prefix = prefix;
    }

    /** The tree of a selection made on a model with this identity. */
    static ObjectNode toTree(Selection s, ModelIdentity id) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("format_version", VERSION);
        root.put("strategy", s.strategy());
        root.put("rule", s.rule());
        root.put("parameter_count", s.parameterCount());
        s.components().ids().forEach(root.putArray("components")::add);
        ObjectNode model = root.putObject("model");
        model.put("name", id.name());
        model.put("architecture", id.architecture());
        model.put("n_layers", id.nLayers());
        model.put("n_heads", id.nHeads());
        model.put("n_kv_heads", id.nKvHeads());
        model.put("d_head", id.dHead());
        model.put("d_model", id.dModel());
        model.put("d_mlp", id.dMlp());
        model.put("vocab_size", id.vocabSize());
        model.put("fingerprint", id.fingerprint());
        ObjectNode scores = root.putObject("scores");
        s.scores().forEach(scores::put); // NaN and infinities become the strings "NaN", "Infinity" (Jackson's default)
        return root;
    }

    /** Safetensors metadata is a map of strings: strings stay as they are, other fields become JSON text. */
    static Map<String, String> toMetadata(ObjectNode tree) {
        Map<String, String> out = new LinkedHashMap<>();
        tree.properties().forEach(e -> out.put(e.getKey(),
                e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString()));
        return out;
    }

    /** The inverse of {@link #toMetadata}. */
    ObjectNode fromMetadata(Map<String, String> metadata) {
        ObjectNode root = JSON.createObjectNode();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!JSON_FIELDS.contains(e.getKey())) {
                root.put(e.getKey(), e.getValue());
            } else {
                try {
                    root.set(e.getKey(), JSON.readTree(e.getValue()));
                } catch (JacksonException x) {
                    throw error(e.getKey(), "is not valid JSON: " + JsonErrors.reason(x));
                }
            }
        }
        return root;
    }

    /** Parses a whole JSON text; syntax errors name the line and column. */
    JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new LocusException(label + ": not valid JSON" + JsonErrors.at(e.getLocation()) + ": "
                    + JsonErrors.reason(e), e);
        }
    }

    /**
     * The selection the tree describes, checked against {@code model}: the format, the model identity, every
     * component id, and the stored parameter count.
     */
    Selection read(JsonNode root, LocusModel model) {
        if (root == null || !root.isObject()) {
            throw new LocusException(label + ": not a Locus mask file (expected a JSON object)");
        }
        JsonNode format = root.get("format");
        if (format == null || !format.isTextual() || !format.textValue().equals(FORMAT)) {
            throw new LocusException(label + ": not a Locus mask file (" + prefix + "format must be \"" + FORMAT
                    + "\", found " + (format == null ? "nothing" : describe(format)) + ")");
        }
        long version = integer(root, "format_version");
        if (version < 1 || version > VERSION) {
            throw error("format_version", "is " + version + "; this Locus reads version " + VERSION
                    + (version > VERSION ? " (the file was written by a newer Locus)" : ""));
        }
        ModelIdentity made = identity(object(root, "model"));
        made.difference(ModelIdentity.of(model)).ifPresent(d -> {
            throw new LocusException(label + ": " + d);
        });
        String strategy = text(root, "strategy");
        if (strategy.isBlank()) {
            throw error("strategy", "is empty");
        }
        String rule = text(root, "rule");
        ComponentSet set = components(root, model.components());
        long count = integer(root, "parameter_count");
        long actual = set.parameterCount(model.components());
        if (count != actual) {
            throw error("parameter_count", "is " + count + " but the components cover " + actual
                    + " parameters of this model");
        }
        return new Selection(strategy, set, count, rule, scores(object(root, "scores")));
    }

    private ComponentSet components(JsonNode root, ComponentCatalog catalog) {
        JsonNode node = field(root, "components");
        if (!node.isArray()) {
            throw error("components", "must be an array of component ids, found " + describe(node));
        }
        List<Component> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isTextual()) {
                throw error("components[" + i + "]", "must be a string, found " + describe(item));
            }
            try {
                list.add(catalog.get(item.textValue()));
            } catch (LocusException e) {
                throw new LocusException(label + ": " + prefix + "components[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new ComponentSet(list);
    }

    private Map<String, Double> scores(JsonNode node) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isNumber()) {
                out.put(e.getKey(), v.doubleValue());
            } else if (v.isTextual() && Set.of("NaN", "Infinity", "-Infinity").contains(v.textValue())) {
                out.put(e.getKey(), Double.valueOf(v.textValue()));
            } else {
                throw error("scores." + Messages.clip(e.getKey(), 60), "must be a number, found " + describe(v));
            }
        }
        return out;
    }

    private ModelIdentity identity(JsonNode m) {
        return new ModelIdentity(text(m, "model.", "name"), text(m, "model.", "architecture"),
                count(m, "n_layers"), count(m, "n_heads"), count(m, "n_kv_heads"), count(m, "d_head"),
                count(m, "d_model"), count(m, "d_mlp"), count(m, "vocab_size"), text(m, "model.", "fingerprint"));
    }

    private int count(JsonNode model, String field) {
        long v = integer(model, "model.", field);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw error("model." + field, "must be a positive integer, found " + v);
        }
        return (int) v;
    }

    private JsonNode field(JsonNode parent, String path) {
        JsonNode node = parent.get(path.substring(path.lastIndexOf('.') + 1));
        if (node == null || node.isNull()) {
            throw error(path, "is missing");
        }
        return node;
    }

    private JsonNode object(JsonNode parent, String path) {
        JsonNode node = field(parent, path);
        if (!node.isObject()) {
            throw error(path, "must be an object, found " + describe(node));
        }
        return node;
    }

    private String text(JsonNode parent, String field) {
        return text(parent, "", field);
    }

    private String text(JsonNode parent, String parentPath, String field) {
        JsonNode node = field(parent, parentPath + field);
        if (!node.isTextual()) {
            throw error(parentPath + field, "must be a string, found " + describe(node));
        }
        return node.textValue();
    }

    private long integer(JsonNode parent, String field) {
        return integer(parent, "", field);
    }

    private long integer(JsonNode parent, String parentPath, String field) {
        JsonNode node = field(parent, parentPath + field);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw error(parentPath + field, "must be a non-negative integer, found " + describe(node));
        }
        return node.longValue();
    }

    /** "file: field what", e.g. {@code flu.json: model.d_model is missing}. */
    LocusException error(String field, String what) {
        return new LocusException(label + ": " + prefix + field + " " + what);
    }

    /** "a number", "an object", "the string 'x'": what a node is, for messages. */
    private static String describe(JsonNode node) {
        if (node.isTextual()) {
            return "the string '" + Messages.clip(node.textValue(), 60) + "'";
        }
        if (node.isNumber()) {
            return "the number " + Messages.clip(node.asText(), 40);
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.isArray() ? "an array" : "null";
    }
}
