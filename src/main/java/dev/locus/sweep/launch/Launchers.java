package dev.locus.sweep.launch;

import dev.locus.experiment.config.ClusterSettings;
import dev.locus.sweep.Launcher;
import dev.locus.sweep.RunState;
import dev.locus.sweep.RunStatus;
import dev.locus.sweep.SweepInfo;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The launcher of a name, and the view of every launcher a sweep was submitted to. */
public final class Launchers {
    private Launchers() {
    }

    public static Launcher of(String name) {
        return ClusterSettings.SLURM.equals(name) ? new SlurmLauncher() : new LocalLauncher();
    }

    /** Whether Slurm's sbatch is on PATH (the workbench offers Slurm only then). */
    public static boolean slurmAvailable() {
        return Processes.onPath("sbatch");
    }

    /**
     * One launcher over all that {@code info}'s submissions went to (a sweep started locally may be resumed on Slurm):
     * what any holds is held; cancel cancels on each.
     */
    public static Launcher held(SweepInfo info) {
        Set<String> names = new LinkedHashSet<>();
        info.submissions().forEach(s -> names.add(s.launcher()));
        if (names.isEmpty()) {
            names.add(info.cluster().launcher());
        }
        List<Launcher> all = names.stream().map(Launchers::of).toList();
        return new Launcher() {
            @Override
            public String name() {
                return String.join("+", names);
            }

            @Override
            public SweepInfo.Submission submit(Path dir, SweepInfo i, List<Integer> indexes, boolean detach) {
                return of(i.cluster().launcher()).submit(dir, i, indexes, detach);
            }

            @Override
            public Map<Integer, RunState> live(Path dir, SweepInfo i) {
                Map<Integer, RunState> held = new HashMap<>();
                all.forEach(l -> held.putAll(l.live(dir, i)));
                return held;
            }

            @Override
            public int cancel(Path dir, SweepInfo i) {
                return all.stream().mapToInt(l -> l.cancel(dir, i)).sum();
            }

            @Override
            public String whyLost(Path dir, SweepInfo i, RunStatus status) {
                // a Slurm task's status names its job; a local one's does not
                return of(status != null && status.job() != null ? ClusterSettings.SLURM : ClusterSettings.LOCAL)
                        .whyLost(dir, i, status);
            }
        };
    }
}
