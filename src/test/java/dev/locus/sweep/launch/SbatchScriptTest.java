package dev.locus.sweep.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.locus.experiment.config.ClusterSettings;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.sweep.SweepEntry;
import dev.locus.sweep.SweepInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sbatch script for options this machine cannot run (GPUs, a partition, a time limit, account and setup lines),
 * against a golden file: what a cluster administrator would review.
 */
class SbatchScriptTest {

    @Test
    void gpuSweepScriptIsTheGoldenFile() throws IOException {
        Path config = Files.createTempFile("cluster", ".json");
        Files.writeString(config, """
                {"name": "paper-grid",
                 "cluster": {"launcher": "slurm", "partition": "gpu", "time": "0-04:00:00", "gpus_per_task": 1,
                             "cpus_per_task": 8, "mem": "64g", "max_parallel": 16,
                             "sbatch": ["--account=interp-lab", "--qos=normal"],
                             "setup": ["module load cuda/12.1", "source /shared/venvs/locus/env.sh"],
                             "locus_command": "/shared/locus/bin/locus"}}
                """);
        ClusterSettings c = ClusterSettings.of(config);
        ExperimentConfig.read(config); // the config file itself accepts the cluster block
        SweepInfo info = new SweepInfo(SweepEntry.TRIAL, "paper-grid", 0.9, "gpu", "float16", c,
                List.of("/shared/locus/bin/locus"), List.of());
        String script = SbatchScript.render(Path.of("/scratch/me/sweeps/grid 1"), info);
        assertEquals(golden("gpu-sweep.sbatch"), script);
        assertEquals("0-3,7,9-10%16", SlurmQueue.arraySpec(List.of(10, 0, 1, 2, 3, 7, 9), c.maxParallel()));
    }

    @Test
    void aConfigWithoutClusterBlockGivesTheLocalDefaults() throws IOException {
        Path config = Files.createTempFile("plain", ".json");
        Files.writeString(config, "{\"name\": \"plain\"}");
        assertEquals(ClusterSettings.DEFAULTS, ClusterSettings.of(config));
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = SbatchScriptTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
