package dev.locus.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run's status file, {@code runs/<id>.status.json}, written atomically by the task that runs it: at the start
 * (running), at the end (complete or failed) and on a signal (cancelled). No file means the run never started.
 *
 * @param state running, complete, failed or cancelled
 * @param attempt how many times a task started this run, from 1
 * @param host the machine the task ran on
 * @param pid the task's process id there
 * @param job the Slurm job of the task ({@code 1234_5}), or null for a local run
 * @param started when the task started (ISO-8601)
 * @param finished when it ended, or null while it runs
 * @param seconds how long it ran, 0 while it runs
 * @param message for a failure, the error; else null
 */
public record RunStatus(RunState state, int attempt, String host, long pid, String job, String started,
        String finished, double seconds, String message) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The status file of run {@code id} in sweep folder {@code dir}. */
    public static Path file(Path dir, String id) {
        return dir.resolve("runs").resolve(id + ".status.json");
    }

    /** The run's status, or null when it never started. A damaged file reads as a failure that says so. */
    public static RunStatus read(Path dir, String id) {
        Path f = file(dir, id);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            return new RunStatus(RunState.of(n.path("state").asText()), n.path("attempt").asInt(1),
                    n.path("host").asText(""), n.path("pid").asLong(0), text(n, "job"), n.path("started").asText(""),
                    text(n, "finished"), n.path("seconds").asDouble(0), text(n, "message"));
        } catch (IOException | IllegalArgumentException e) {
            return new RunStatus(RunState.FAILED, 1, "", 0, null, "", null, 0,
                    f + ": unreadable status file (" + e.getMessage() + ")");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public void write(Path dir, String id) {
        ObjectNode n = JSON.createObjectNode();
        n.put("state", state.key());
        n.put("attempt", attempt);
        n.put("host", host);
        n.put("pid", pid);
        n.put("job", job);
        n.put("started", started);
        n.put("finished", finished);
        n.put("seconds", seconds);
        n.put("message", message);
        try {
            Files.createDirectories(file(dir, id).getParent());
        } catch (IOException e) {
            throw new LocusException(file(dir, id).getParent() + ": cannot create (" + e.getMessage() + ")", e);
        }
        AtomicFiles.writeString(file(dir, id), n.toPrettyString() + "\n");
    }

    /** This status ended in {@code newState} now, after {@code secs} seconds. */
    public RunStatus ended(RunState newState, double secs, String why) {
        return new RunStatus(newState, attempt, host, pid, job, started, java.time.Instant.now().toString(), secs, why);
    }
}
