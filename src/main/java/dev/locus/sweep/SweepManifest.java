package dev.locus.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep's {@code manifest.jsonl}: one run per line, its index, id, kind, label and whole resolved config, written
 * before anything runs and never changed after; beside it {@code ids.txt}, the ids alone, one per line, so that a
 * Slurm task finds its run with {@code sed} alone.
 */
public final class SweepManifest {
    private SweepManifest() {
    }

    public static void write(Path dir, List<SweepEntry> entries) {
        StringBuilder lines = new StringBuilder();
        StringBuilder ids = new StringBuilder();
        for (SweepEntry e : entries) {
            ObjectNode n = RunStatus.JSON.createObjectNode();
            n.put("index", e.index());
            n.put("id", e.id());
            n.put("kind", e.kind());
            n.put("label", e.label());
            n.put("group", e.group());
            try {
                n.set("config", RunStatus.JSON.readTree(e.config().toJson()));
            } catch (IOException ex) {
                throw new IllegalStateException("a config always reads back", ex);
            }
            lines.append(n).append('\n');
            ids.append(e.id()).append('\n');
        }
        AtomicFiles.writeString(dir.resolve(SweepFiles.IDS), ids.toString());
        AtomicFiles.writeString(dir.resolve(SweepFiles.MANIFEST), lines.toString());
    }

    public static List<SweepEntry> read(Path dir) {
        Path f = dir.resolve(SweepFiles.MANIFEST);
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LocusException(f + ": cannot read (" + e.getMessage() + "); is " + dir + " a sweep folder?", e);
        }
        List<SweepEntry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String label = f + " line " + (i + 1);
            try {
                JsonNode n = RunStatus.JSON.readTree(lines.get(i));
                ExperimentConfig c = ExperimentConfig.parse(n.path("config").toString(), label + ": config");
                SweepEntry e = new SweepEntry(n.path("index").asInt(), n.path("id").asText(), n.path("kind").asText(),
                        n.path("label").asText(), c, n.path("group").asText(""));
                if (e.index() != entries.size()) {
                    throw new LocusException(label + ": index " + e.index() + ", expected " + entries.size());
                }
                entries.add(e);
            } catch (IOException e) {
                throw new LocusException(label + ": not valid JSON (" + e.getMessage() + ")", e);
            }
        }
        return entries;
    }
}
