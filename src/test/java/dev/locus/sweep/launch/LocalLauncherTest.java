package dev.locus.sweep.launch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.sweep.RunStatus;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The launcher contract with two local worker processes. */
class LocalLauncherTest extends SweepLauncherContract {

    @Override
    List<String> launchFlags() {
        return List.of("--launcher", "local", "--workers", "2");
    }

    /** SIGTERM to the task's process, as `kill PID` would. */
    @Override
    void stopFromOutside(RunStatus running) throws Exception {
        ProcessHandle task = ProcessHandle.of(running.pid()).orElseThrow();
        assertTrue(task.destroy(), "SIGTERM to " + running.pid());
        task.onExit().get(60, TimeUnit.SECONDS);
    }
}
