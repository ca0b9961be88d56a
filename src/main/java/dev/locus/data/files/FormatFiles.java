package dev.locus.data.files;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.data.PromptFormat;
import dev.locus.model.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Prompt formats in a JSON file of their own ({@code locus evaluate --format-file}, a config's {@code format_file}). */
public final class FormatFiles {
    private FormatFiles() {
    }

    /** Reads a format file; errors name the file, the format's index and name, and the field. */
    public static List<PromptFormat> read(Path json) {
        String label = Messages.label(json);
        List<PromptFormat> formats = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        JsonFiles.forEachInArray(json, "prompt formats", (index, node) -> {
            JsonObject o = JsonObject.at(label, "formats[" + index + "]", node).nullIsAbsent();
            PromptFormat format = PromptFormatJson.fromJson(o);
            Integer before = seen.putIfAbsent(format.name(), index);
            if (before != null) {
                throw o.error("name", JsonObject.describe(o.get("name")) + " is already the name of formats["
                        + before + "]");
            }
            formats.add(format);
        });
        if (formats.isEmpty()) {
            throw new LocusException(label + ": holds no prompt formats");
        }
        return List.copyOf(formats);
    }

    /** Writes formats as a JSON file that {@link #read} reads back, atomically. */
    public static void write(Path json, List<PromptFormat> formats) {
        ArrayNode array = JsonFiles.MAPPER.createArrayNode();
        formats.forEach(f -> array.add(PromptFormatJson.toJson(f)));
        AtomicFiles.write(json, out -> JsonFiles.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, array));
    }
}
