package dev.locus.experiment;

/**
 * What a run reports while it works, on the run's thread: the CLI prints it, the workbench draws from it. Metric rows
 * arrive as they are measured (the {@code step-<k>} rows of an edit in progress, for live curves).
 */
public interface RunListener {
    RunListener NONE = new RunListener() { };

    /** A stage starts, e.g. "seed 0: edit flu". */
    default void stage(String name) {
    }

    /** Training progress inside a stage. */
    default void step(String stage, int step, int total, double loss) {
    }

    /** A value was measured. */
    default void metric(MetricRow row) {
    }
}
