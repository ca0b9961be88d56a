package dev.locus.model.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.JsonArray;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A Hugging Face {@code config.json}: read as a {@link JsonObject} whose errors name the file and the field
 * ({@code config.json: n_layer: must be at least 1, got 0}), JSON null read as "not set"; and its architecture.
 * Adapters turn each architecture's field names into one {@link ModelConfig}.
 */
public final class ConfigJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConfigJson() {
    }

    /** Reads and parses {@code file}; an absent, unreadable or non-object file is a {@link LocusException}. */
    public static JsonObject read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new LocusException(file + ": cannot read: no such file (a model folder needs config.json)", e);
        } catch (IOException e) {
            throw new LocusException(file + ": cannot read: " + Messages.reason(e), e);
        }
        JsonNode node = JsonObject.parse(file.toString(), text, JSON);
        JsonObject.root(file.toString(), node); // the whole path where the file itself is wrong, its name after
        return JsonObject.root(Messages.label(file), node).nullIsAbsent();
    }

    /** The first entry of {@code architectures}, or null when the field is absent. */
    public static String architecture(JsonObject config) {
        if (!config.has("architectures")) {
            return null;
        }
        JsonArray names = config.array("architectures", "a list of names such as [\"LlamaForCausalLM\"]");
        if (names.isEmpty()) {
            throw names.error("must not be empty; expected a list of names such as [\"LlamaForCausalLM\"]");
        }
        return names.text(0);
    }
}
