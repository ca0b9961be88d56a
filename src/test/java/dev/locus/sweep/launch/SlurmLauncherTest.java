package dev.locus.sweep.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.locus.sweep.RunStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * The launcher contract on a real Slurm: the one-node cluster that .ci/run starts (scripts/slurm-local.sh), job
 * arrays two tasks wide. Skipped where no Slurm answers, except on CI (CI=true), where .ci/run starts one.
 */
class SlurmLauncherTest extends SweepLauncherContract {

    @BeforeAll
    static void slurmAnswers() {
        boolean up = Processes.onPath("sinfo") && Processes.onPath("sbatch")
                && Processes.run(List.of("sinfo", "-h", "-o", "%t"), 30).ok();
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(up, "no Slurm answers on CI (CI=true): .ci/run starts one with scripts/slurm-local.sh");
        }
        assumeTrue(up, "no Slurm here: start one with scripts/slurm-local.sh start DIR and export SLURM_CONF");
    }

    @Override
    List<String> launchFlags() {
        return List.of("--launcher", "slurm", "--max-parallel", "2");
    }

    /** {@code scancel JOB_TASK}, as a user would. */
    @Override
    void stopFromOutside(RunStatus running) {
        Processes.Result r = Processes.run(List.of("scancel", running.job()), 30);
        assertEquals(0, r.exit(), r.err());
    }
}
