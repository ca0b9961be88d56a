package dev.locus.localize.select;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.model.LocusModel;
import dev.locus.model.component.Component;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Saves and loads the masks of a {@link Selection}, as a run directory's {@code masks/} holds them:
 * <ul>
 *   <li>{@code <strategy>.json}: {@code format}, {@code format_version}, {@code strategy}, {@code rule},
 *       {@code parameter_count}, {@code components} (ids like {@code L3.mlp}, {@code L2.H1}), {@code model} (the
 *       {@link ModelIdentity}) and {@code scores} (id to score, in ranking order);</li>
 *   <li>{@code <strategy>.safetensors}: one U8 0/1 tensor per checkpoint tensor the selection trains, under the
 *       checkpoint's own name, shape and orientation (multiply a gradient by it in Python), with the JSON fields in
 *       {@code __metadata__}: strings as they are, the others as JSON text.</li>
 * </ul>
 * Loading checks the file against the model it is loaded into: a mask made for another model, an unknown component,
 * a wrong count or a hand-drawn element mask is a one-line LocusException naming the file.
 */
public final class MaskFiles {
    /** Mask files are a few kB; anything this large was chosen by mistake. */
    private static final long MAX_JSON_BYTES = 64L << 20;

    private MaskFiles() {
    }

    /** Writes {@code <strategy>.json} and {@code <strategy>.safetensors} into {@code dir} (created if needed). */
    public static void write(Path dir, Selection s, LocusModel model) {
        String base = fileName(s.strategy());
        writeJson(dir.resolve(base + ".json"), s, model);
        writeSafetensors(dir.resolve(base + ".safetensors"), s, model);
    }

    /** Writes the selection as pretty-printed JSON, atomically. */
    public static void writeJson(Path file, Selection s, LocusModel model) {
        ObjectNode tree = MaskFields.toTree(checked(s, model), ModelIdentity.of(model));
        AtomicFiles.write(file, out -> out.write((MaskFields.JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes the selection's 0/1 masks in the checkpoint's layout, atomically. */
    public static void writeSafetensors(Path file, Selection s, LocusModel model) {
        SafetensorsMasks.write(file, checked(s, model), model);
    }

    /** The selection a JSON mask file holds, checked against {@code model}. */
    public static Selection readJson(Path file, LocusModel model) {
        MaskFields fields = new MaskFields(file.toString(), "");
        return fields.read(fields.parse(readText(file)), model);
    }

    /**
     * The selection a safetensors mask file holds (from its metadata), checked against {@code model}, with every
     * tensor checked against what the components imply.
     */
    public static Selection readSafetensors(Path file, LocusModel model) {
        return SafetensorsMasks.read(file, model);
    }

    /** A selection must belong to the model it is saved with, or the file would describe another model. */
    private static Selection checked(Selection s, LocusModel model) {
        ComponentCatalog catalog = model.components();
        for (Component c : s.components().components()) {
            Component own;
            try {
                own = catalog.get(c.id());
            } catch (LocusException e) {
                throw new LocusException("selection '" + s.strategy() + "': " + e.getMessage(), e);
            }
            if (!own.equals(c)) {
                throw new LocusException("selection '" + s.strategy() + "' was made on another model: its component "
                        + c.id() + " is not this model's");
            }
        }
        long count = s.components().parameterCount(catalog);
        if (s.parameterCount() != count) {
            throw new IllegalArgumentException("selection '" + s.strategy() + "' says " + s.parameterCount()
                    + " parameters but its components cover " + count);
        }
        return s;
    }

    /** The strategy as a file name; strategies are short words, but one from a config file could hold a path. */
    static String fileName(String strategy) {
        if (strategy.isBlank() || strategy.startsWith(".") || strategy.chars().anyMatch(
                ch -> ch < 0x20 || ch == 0x7f || "/\\:*?\"<>|".indexOf(ch) >= 0)) {
            throw new LocusException("strategy '" + Messages.clip(strategy, 80)
                    + "' cannot name a mask file (no path separators, no leading dot, none of :*?\"<>|)");
        }
        return strategy;
    }

    private static String readText(Path file) {
        String label = file.toString();
        if (Files.isDirectory(file)) {
            throw new LocusException(label + ": is a folder, not a mask file");
        }
        String text;
        try {
            if (Files.size(file) > MAX_JSON_BYTES) {
                throw new LocusException(label + ": " + Files.size(file) + " bytes is too large for a mask file");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read: " + Messages.reason(e), e);
        }
        if (text.isBlank()) {
            throw new LocusException(label + ": file is empty; expected a Locus mask (JSON object)");
        }
        return text;
    }
}
