package dev.locus.data.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.data.PromptFormat;
import java.util.List;
import java.util.Locale;

/** One prompt format as a JSON object of a format file, and back. */
final class PromptFormatJson {
    private static final List<String> FIELDS = List.of("name", "kind", "template", "source", "options", "optionsFrom",
            "letters", "seed", "neighbors", "scoring", "prefix", "chat", "system");
    /** scoring: renormalized over the answers (the default) or the first token's full-vocabulary probability. */
    private static final List<String> SCORINGS = List.of("candidates", "full-vocabulary");
    private static final List<String> KINDS = List.of("completion", "choice");

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
        if (format.fullVocabulary()) {
            node.put("scoring", SCORINGS.get(1));
        }
        if (!format.prefix().isEmpty()) {
            node.put("prefix", format.prefix());
        }
        if (format.chat()) {
            node.put("chat", true);
        }
        if (!format.system().isEmpty()) {
            node.put("system", format.system());
        }
        return node;
    }

    /** The format an object of a format file holds; errors name the file, the format's path and the field. */
    static PromptFormat fromJson(JsonObject o) {
        o.known(FIELDS);
        String name = o.text("name");
        PromptFormat.Kind kind = PromptFormat.Kind.valueOf(o.choice("kind", KINDS).toUpperCase(Locale.ROOT));
        List<String> options = o.texts("options", List.of());
        List<String> letters = o.texts("letters", List.of());
        long seed = o.has("seed") ? o.wholeLong("seed", Long.MIN_VALUE, Long.MAX_VALUE) : 0;
        boolean neighbors = o.flag("neighbors", false);
        boolean fullVocabulary = o.has("scoring") && o.choice("scoring", SCORINGS).equals(SCORINGS.get(1));
        try {
            return new PromptFormat(name, kind, o.text("template", null), o.text("source", null), options,
                    o.text("optionsFrom", null), letters, seed, neighbors, fullVocabulary, o.text("prefix", ""),
                    o.flag("chat", false), o.text("system", ""));
        } catch (LocusException e) {
            throw o.error(e.getMessage()); // the format's own check names the format
        }
    }
}
