package dev.locus.ui.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.model.io.AtomicFiles;
import dev.locus.ui.session.Settings;
import dev.locus.ui.task.AppLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The model folders opened lately, newest first, at most {@link #MAX}; kept as JSON
 * ({@code {"models": ["/abs/folder", ...]}}) so that the list survives a restart. Plain Java and file IO: callers
 * keep it off the JavaFX thread's hot paths (it is a few hundred bytes, read once at start).
 */
public final class RecentModels {
    /** How many folders the list keeps. */
    public static final int MAX = 8;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final List<Path> folders = new ArrayList<>();

    /** The list stored in {@code file}; a missing or unreadable file is an empty list (it is only a convenience). */
    public RecentModels(Path file) {
        this.file = file;
        folders.addAll(read(file));
    }

    /** The list under {@link Settings#home()}. */
    public static RecentModels standard() {
        return new RecentModels(Settings.home().resolve("recent-models.json"));
    }

    public Path file() {
        return file;
    }

    /** Newest first. */
    public List<Path> folders() {
        return List.copyOf(folders);
    }

    /** Puts {@code folder} first (moving it if listed), drops the oldest beyond {@link #MAX}, and saves. */
    public void add(Path folder) {
        Path abs = folder.toAbsolutePath().normalize();
        folders.remove(abs);
        folders.add(0, abs);
        while (folders.size() > MAX) {
            folders.remove(folders.size() - 1);
        }
        save();
    }

    /** Removes {@code folder} (e.g. one that no longer exists) and saves. */
    public void remove(Path folder) {
        if (folders.remove(folder.toAbsolutePath().normalize())) {
            save();
        }
    }

    /** Whether a listed folder is still there to open. */
    public static boolean available(Path folder) {
        return Files.isDirectory(folder);
    }

    private void save() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("models");
        folders.forEach(f -> list.add(f.toString()));
        try {
            String text = JSON.writeValueAsString(root);
            AtomicFiles.writeString(file, text);
        } catch (IOException | RuntimeException e) {
            // Losing the recent list must never stop a model from opening; the log says why.
            AppLog.in(Settings.home()).error("saving the recent models to " + file, e);
        }
    }

    private static List<Path> read(Path file) {
        List<Path> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            JsonNode models = JSON.readTree(file.toFile()).path("models");
            for (JsonNode n : models) {
                if (n.isTextual() && !n.asText().isBlank() && out.size() < MAX) {
                    Path p = Path.of(n.asText()).toAbsolutePath().normalize();
                    if (!out.contains(p)) {
                        out.add(p);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            AppLog.in(Settings.home()).error("reading the recent models from " + file, e);
        }
        return out;
    }
}
