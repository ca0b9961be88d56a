package dev.locus.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.experiment.config.ClusterSettings;
import dev.locus.model.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A sweep's {@code launch.json}: what kind of sweep it is, how its runs compute (device, dtype), how they are
 * launched, and every submission so far (which runs, to which launcher, under which job).
 *
 * @param kind {@link SweepEntry#TRIAL} or {@link SweepEntry#RUN}: every entry of a sweep has the same kind
 * @param name the sweep's name (its first config's)
 * @param maintainFloor a trial sweep's choice rule: the maintain accuracy a chosen setting keeps
 * @param device where runs compute: auto, cpu or gpu
 * @param dtype their weights' type: auto, float32 or float16
 * @param cluster the launcher and its settings
 * @param command how a task starts Locus
 * @param submissions every submission, oldest first
 */
public record SweepInfo(String kind, String name, double maintainFloor, String device, String dtype,
        ClusterSettings cluster, List<String> command, List<Submission> submissions) {

    /**
     * One submission of runs to a launcher.
     *
     * @param launcher local or slurm
     * @param job the Slurm array job id; for local, the supervising process ({@code host:pid})
     * @param indexes the manifest lines submitted
     * @param time when
     */
    public record Submission(String launcher, String job, List<Integer> indexes, String time) {
        public Submission {
            indexes = List.copyOf(indexes);
        }
    }

    public SweepInfo {
        command = List.copyOf(command);
        submissions = List.copyOf(submissions);
    }

    /** A new sweep's info: nothing submitted yet; its tasks start Locus as {@code cluster.locus_command} says. */
    public static SweepInfo fresh(String kind, String name, double maintainFloor, String device, String dtype,
                                  ClusterSettings cluster) {
        return new SweepInfo(kind, name, maintainFloor, device, dtype, cluster, LocusCommand.of(cluster.locusCommand()),
                List.of());
    }

    /** This info with one more submission. */
    public SweepInfo with(Submission s) {
        List<Submission> all = new ArrayList<>(submissions);
        all.add(s);
        return new SweepInfo(kind, name, maintainFloor, device, dtype, cluster, command, all);
    }

    /** This info launched with other settings (a resume may change the launcher or the workers). */
    public SweepInfo with(ClusterSettings c) {
        return new SweepInfo(kind, name, maintainFloor, device, dtype, c, command, submissions);
    }

    public static SweepInfo read(Path dir) {
        Path f = dir.resolve(SweepFiles.INFO);
        try {
            JsonNode n = RunStatus.JSON.readTree(f.toFile());
            List<String> command = new ArrayList<>();
            n.path("command").forEach(c -> command.add(c.asText()));
            List<Submission> subs = new ArrayList<>();
            for (JsonNode s : n.path("submissions")) {
                List<Integer> idx = new ArrayList<>();
                s.path("indexes").forEach(i -> idx.add(i.asInt()));
                subs.add(new Submission(s.path("launcher").asText(), s.path("job").asText(), idx,
                        s.path("time").asText()));
            }
            return new SweepInfo(n.path("kind").asText(), n.path("name").asText(),
                    n.path("maintain_floor").asDouble(0.9), n.path("device").asText("auto"),
                    n.path("dtype").asText("auto"),
                    ClusterSettings.parse(n.path("cluster").toString(), f + ": cluster"), command, subs);
        } catch (IOException e) {
            throw new LocusException(f + ": cannot read the sweep's launch file (" + e.getMessage() + "); is " + dir
                    + " a sweep folder?", e);
        }
    }

    public void write(Path dir) {
        ObjectNode n = RunStatus.JSON.createObjectNode();
        n.put("kind", kind);
        n.put("name", name);
        n.put("maintain_floor", maintainFloor);
        n.put("device", device);
        n.put("dtype", dtype);
        n.set("cluster", cluster.toJson());
        command.forEach(n.putArray("command")::add);
        ArrayNode subs = n.putArray("submissions");
        for (Submission s : submissions) {
            ObjectNode o = subs.addObject();
            o.put("launcher", s.launcher());
            o.put("job", s.job());
            s.indexes().forEach(o.putArray("indexes")::add);
            o.put("time", s.time());
        }
        AtomicFiles.writeString(dir.resolve(SweepFiles.INFO), n.toPrettyString() + "\n");
    }

    /** A submission made now. */
    public static Submission now(String launcher, String job, List<Integer> indexes) {
        return new Submission(launcher, job, indexes, Instant.now().toString());
    }
}
