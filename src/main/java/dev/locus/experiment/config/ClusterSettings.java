package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a sweep or a multi-seed run is launched: the config's {@code "cluster"} object. It never changes what a run
 * computes, so it is not part of {@link ExperimentConfig} (nor of a run's content hash); flags override each field.
 *
 * @param launcher {@code local} (worker processes on this machine) or {@code slurm} (one job array per submission)
 * @param workers local worker processes at once; 0 means one per GPU, or one on a CPU machine
 * @param partition Slurm partition, or null for the cluster's default
 * @param time Slurm time limit per run ({@code MM}, {@code HH:MM:SS} or {@code D-HH:MM:SS}), or null
 * @param gpusPerTask GPUs each run asks for (Slurm {@code --gres=gpu:N}), 0 for none
 * @param cpusPerTask CPUs each run asks for; also its thread count; 0 leaves it to the cluster
 * @param memory memory each run asks for ({@code --mem}, e.g. {@code 64G}), or null
 * @param maxParallel runs of one array at once ({@code %K}), 0 for no limit
 * @param sbatch extra {@code #SBATCH} lines, each without the {@code #SBATCH} (e.g. {@code --account=lab})
 * @param setup shell lines run before Locus on the node (e.g. {@code module load cuda/12.1})
 * @param locusCommand how the nodes start Locus (e.g. {@code /shared/locus/bin/locus}), or null for the Java and
 *     class path of the process that submits
 */
public record ClusterSettings(String launcher, int workers, String partition, String time, int gpusPerTask,
        int cpusPerTask, String memory, int maxParallel, List<String> sbatch, List<String> setup, String locusCommand) {

    public static final String LOCAL = "local";
    public static final String SLURM = "slurm";
    public static final List<String> LAUNCHERS = List.of(LOCAL, SLURM);

    static final List<String> FIELDS = List.of("launcher", "workers", "partition", "time", "gpus_per_task",
            "cpus_per_task", "mem", "max_parallel", "sbatch", "setup", "locus_command");

    public static final ClusterSettings DEFAULTS = new ClusterSettings(LOCAL, 0, null, null, 0, 0, null, 0, List.of(),
            List.of(), null);

    private static final Pattern TIME = Pattern.compile("\\d+|\\d+:\\d{2}(:\\d{2})?|\\d+-\\d{1,2}(:\\d{2}){0,2}");
    private static final Pattern MEMORY = Pattern.compile("\\d+[KMGT]?", Pattern.CASE_INSENSITIVE);

    public ClusterSettings {
        if (!LAUNCHERS.contains(launcher)) {
            throw new LocusException("cluster.launcher: expected local or slurm, got \"" + launcher + "\"");
        }
        if (time != null && !TIME.matcher(time).matches()) {
            throw new LocusException("cluster.time: expected minutes, HH:MM:SS or D-HH:MM:SS, got \"" + time + "\"");
        }
        if (memory != null && !MEMORY.matcher(memory).matches()) {
            throw new LocusException("cluster.mem: expected a size such as 64G, got \"" + memory + "\"");
        }
        for (String line : sbatch) {
            if (line.contains("\n") || !line.strip().startsWith("-")) {
                throw new LocusException("cluster.sbatch: each entry is one sbatch option such as --account=lab, got \""
                        + line.strip() + "\"");
            }
        }
        if (setup.stream().anyMatch(l -> l.contains("\n"))) {
            throw new LocusException("cluster.setup: one shell line per entry");
        }
        sbatch = List.copyOf(sbatch);
        setup = List.copyOf(setup);
    }

    static ClusterSettings read(JsonObject o) {
        try {
            return fields(o);
        } catch (LocusException e) {
            throw e.getMessage().startsWith("cluster.") ? new LocusException(o.label() + ": " + e.getMessage(), e) : e;
        }
    }

    private static ClusterSettings fields(JsonObject o) {
        return new ClusterSettings(o.choice("launcher", DEFAULTS.launcher, LAUNCHERS),
                o.whole("workers", DEFAULTS.workers, 0, 1024),
                o.nullableText("partition", null), o.nullableText("time", null),
                o.whole("gpus_per_task", 0, 0, 64), o.whole("cpus_per_task", 0, 0, 1024),
                upper(o.nullableText("mem", null)), o.whole("max_parallel", 0, 0, 100_000),
                o.texts("sbatch", List.of()), o.texts("setup", List.of()), o.nullableText("locus_command", null));
    }

    /** The {@code "cluster"} object of a config file (defaults when it has none). */
    public static ClusterSettings of(Path configFile) {
        String label = Messages.label(configFile);
        try {
            String text = Files.readString(configFile, StandardCharsets.UTF_8);
            return read(ConfigFiles.root(label, text).objectOrEmpty("cluster").known(FIELDS));
        } catch (IOException e) {
            throw new LocusException(label + ": cannot read: " + Messages.reason(e), e);
        }
    }

    /** Parses what {@link #toJson} wrote. */
    public static ClusterSettings parse(String json, String label) {
        return read(ConfigFiles.root(label, json).known(FIELDS));
    }

    private static String upper(String s) {
        return s == null ? null : s.strip().toUpperCase(Locale.ROOT);
    }

    public ClusterSettings withLauncher(String v) {
        return new ClusterSettings(v, workers, partition, time, gpusPerTask, cpusPerTask, memory, maxParallel, sbatch,
                setup, locusCommand);
    }

    public ClusterSettings withWorkers(int v) {
        return new ClusterSettings(launcher, v, partition, time, gpusPerTask, cpusPerTask, memory, maxParallel, sbatch,
                setup, locusCommand);
    }

    /** These settings with every non-null argument of a command line in place of the config's. */
    public ClusterSettings overriddenBy(String newLauncher, Integer newWorkers, String newPartition, String newTime,
                                        Integer newGpus, Integer newCpus, String newMemory, Integer newMaxParallel,
                                        List<String> moreSbatch, List<String> newSetup, String newCommand) {
        List<String> lines = new java.util.ArrayList<>(sbatch);
        if (moreSbatch != null) {
            lines.addAll(moreSbatch);
        }
        return new ClusterSettings(newLauncher != null ? newLauncher.strip().toLowerCase(Locale.ROOT) : launcher,
                newWorkers != null ? newWorkers : workers, newPartition != null ? newPartition : partition,
                newTime != null ? newTime : time, newGpus != null ? newGpus : gpusPerTask,
                newCpus != null ? newCpus : cpusPerTask, newMemory != null ? upper(newMemory) : memory,
                newMaxParallel != null ? newMaxParallel : maxParallel, lines,
                newSetup != null ? newSetup : setup, newCommand != null ? newCommand : locusCommand);
    }

    public ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("launcher", launcher);
        n.put("workers", workers);
        n.put("partition", partition);
        n.put("time", time);
        n.put("gpus_per_task", gpusPerTask);
        n.put("cpus_per_task", cpusPerTask);
        n.put("mem", memory);
        n.put("max_parallel", maxParallel);
        sbatch.forEach(n.putArray("sbatch")::add);
        setup.forEach(n.putArray("setup")::add);
        n.put("locus_command", locusCommand);
        return n;
    }
}
