package dev.locus.localize.select;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonArray;
import dev.locus.core.JsonErrors;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
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
    private final String root;

    /**
     * @param label the file, as messages name it
     * @param root the path of the fields' object in messages: "" in a JSON file, "__metadata__" in safetensors
     */
    MaskFields(String label, String root) {
        this.label = label;
        this.root = root;
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
        ObjectNode tree = JSON.createObjectNode();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (!JSON_FIELDS.contains(e.getKey())) {
                tree.put(e.getKey(), e.getValue());
            } else {
                try {
                    tree.set(e.getKey(), JSON.readTree(e.getValue()));
                } catch (JacksonException x) {
                    String path = root.isEmpty() ? e.getKey() : root + "." + e.getKey();
                    throw JsonObject.error(label, path, "not valid JSON: " + JsonErrors.reason(x));
                }
            }
        }
        return tree;
    }

    /** Parses a whole JSON text; syntax errors name the line and column. */
    JsonNode parse(String text) {
        return JsonObject.parse(label, text, JSON);
    }

    /**
     * The selection the tree describes, checked against {@code model}: the format, the model identity, every
     * component id, and the stored parameter count.
     */
    Selection read(JsonNode tree, LocusModel model) {
        if (tree == null || !tree.isObject()) {
            throw new LocusException(label + ": not a Locus mask file: expected a JSON object, got "
                    + (tree == null ? "nothing" : JsonObject.describe(tree)));
        }
        JsonObject o = JsonObject.at(label, root, tree).nullIsAbsent();
        JsonNode format = o.get("format");
        if (format == null) {
            throw o.error("format", "is missing; not a Locus mask file");
        }
        if (!format.isTextual() || !format.textValue().equals(FORMAT)) {
            throw o.error("format", "must be \"" + FORMAT + "\" (not a Locus mask file), got "
                    + JsonObject.describe(format));
        }
        long version = o.wholeLong("format_version", 0, Long.MAX_VALUE);
        if (version < 1 || version > VERSION) {
            throw o.error("format_version", "this Locus reads version " + VERSION
                    + (version > VERSION ? " (the file was written by a newer Locus)" : "") + ", got " + version);
        }
        ModelIdentity made = identity(o.object("model"));
        made.difference(ModelIdentity.of(model)).ifPresent(d -> {
            throw o.error("model", d);
        });
        String strategy = o.nonBlank("strategy");
        String rule = o.text("rule");
        ComponentSet set = components(o.array("components", "an array of component ids"), model.components());
        long count = o.wholeLong("parameter_count", 0, Long.MAX_VALUE);
        long actual = set.parameterCount(model.components());
        if (count != actual) {
            throw o.error("parameter_count", "the components cover " + actual + " parameters of this model, got "
                    + count);
        }
        return new Selection(strategy, set, count, rule, scores(o.object("scores")));
    }

    private static ComponentSet components(JsonArray ids, ComponentCatalog catalog) {
        List<Component> list = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.text(i);
            try {
                list.add(catalog.get(id));
            } catch (LocusException e) {
                throw ids.error(i, e.getMessage());
            }
        }
        return new ComponentSet(list);
    }

    private static Map<String, Double> scores(JsonObject scores) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String key : scores.fieldNames()) {
            JsonNode v = scores.get(key);
            if (v != null && v.isNumber()) {
                out.put(key, v.doubleValue());
            } else if (v != null && v.isTextual() && Set.of("NaN", "Infinity", "-Infinity").contains(v.textValue())) {
                out.put(key, Double.valueOf(v.textValue()));
            } else {
                throw scores.error(key, "expected a number, got " + (v == null ? "null" : JsonObject.describe(v)));
            }
        }
        return out;
    }

    private static ModelIdentity identity(JsonObject m) {
        return new ModelIdentity(m.text("name"), m.text("architecture"), count(m, "n_layers"), count(m, "n_heads"),
                count(m, "n_kv_heads"), count(m, "d_head"), count(m, "d_model"), count(m, "d_mlp"),
                count(m, "vocab_size"), m.text("fingerprint"));
    }

    private static int count(JsonObject model, String field) {
        return model.whole(field, 1, Integer.MAX_VALUE);
    }
}
