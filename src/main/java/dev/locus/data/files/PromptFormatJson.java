package dev.locus.data.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.data.PromptFormat;
import dev.locus.data.Texts;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** One prompt format as a JSON object of a format file, and back. */
final class PromptFormatJson {
    private static final Set<String> FIELDS = Set.of("name", "kind", "template", "source", "options", "optionsFrom",
            "letters", "seed", "neighbors");

    private PromptFormatJson() {
    }

    static ObjectNode toJson(PromptFormat format) {
        ObjectNode node = JsonFiles.MAPPER.createObjectNode();
        node.put("name", format.name());
        node.put("kind", format.kind().jsonName());
        if (format.template() != null) {
            node.put("template", format.template());
        }
        if (format.source() != null) {
            node.put("source", format.source());
        }
        if (!format.options().isEmpty()) {
            format.options().forEach(node.putArray("options")::add);
        }
        if (format.optionsFrom() != null) {
            node.put("optionsFrom", format.optionsFrom());
        }
        if (format.kind() == PromptFormat.Kind.CHOICE && !format.letters().equals(PromptFormat.DEFAULT_LETTERS)) {
            format.letters().forEach(node.putArray("letters")::add);
        }
        if (format.seed() != 0) {
            node.put("seed", format.seed());
        }
        if (format.neighbors()) {
            node.put("neighbors", true);
        }
        return node;
    }

    /** The format at path (e.g. "formats[2]") of a file; errors name the file, the path and the field. */
    static PromptFormat fromJson(JsonNode node, String path, JsonFields file) {
        if (!node.isObject()) {
            throw file.error(path, "must be an object with name, kind and template, found "
                    + JsonFields.describe(node));
        }
        JsonNode nameNode = node.get("name");
        JsonFields fields = nameNode != null && nameNode.isTextual()
                ? file.within(" (format " + Texts.quote(nameNode.textValue()) + ")") : file;
        for (var names = node.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw fields.error(path + "." + field, "is not a prompt format field; known fields: "
                        + "name, kind, template, source, options, optionsFrom, letters, seed, neighbors");
            }
        }
        String name = fields.text(node, path, "name");
        String kindText = fields.text(node, path, "kind");
        PromptFormat.Kind kind;
        try {
            kind = PromptFormat.Kind.valueOf(kindText.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw fields.error(path + ".kind", "must be \"completion\" or \"choice\", found " + Texts.quote(kindText));
        }
        List<String> options = fields.texts(node, path, "options");
        List<String> letters = fields.texts(node, path, "letters");
        long seed = 0;
        JsonNode seedNode = node.get("seed");
        if (seedNode != null && !seedNode.isNull()) {
            if (!seedNode.isIntegralNumber() || !seedNode.canConvertToLong()) {
                throw fields.error(path + ".seed", "must be an integer, found " + JsonFields.describe(seedNode));
            }
            seed = seedNode.longValue();
        }
        JsonNode neighborsNode = node.get("neighbors");
        if (neighborsNode != null && !neighborsNode.isNull() && !neighborsNode.isBoolean()) {
            throw fields.error(path + ".neighbors", "must be true or false, found " + JsonFields.describe(neighborsNode));
        }
        try {
            return new PromptFormat(name, kind, fields.optionalText(node, path, "template"),
                    fields.optionalText(node, path, "source"), options, fields.optionalText(node, path, "optionsFrom"),
                    letters, seed, neighborsNode != null && neighborsNode.asBoolean());
        } catch (LocusException e) {
            throw file.error(path + ": " + e.getMessage()); // the format's own check names the format
        }
    }
}
