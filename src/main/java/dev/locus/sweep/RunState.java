package dev.locus.sweep;

/** Where one run of a sweep stands. */
public enum RunState {
    /** not started and not waiting in any launcher's queue */
    PENDING("pending"),
    /** waiting in a launcher's queue (Slurm pending, or a local worker slot) */
    QUEUED("queued"),
    RUNNING("running"),
    COMPLETE("complete"),
    FAILED("failed"),
    /** stopped by {@code locus cancel}, {@code scancel} or a signal */
    CANCELLED("cancelled"),
    /** its status says running, but no launcher has it: the process died without a word (killed, node lost) */
    LOST("lost");

    private final String key;

    RunState(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static RunState of(String key) {
        for (RunState s : values()) {
            if (s.key.equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown run state " + key);
    }

    /** Whether a resume runs it again. */
    public boolean needsRun() {
        return this == PENDING || this == FAILED || this == CANCELLED || this == LOST;
    }

    /** Whether something is still happening to it. */
    public boolean active() {
        return this == QUEUED || this == RUNNING;
    }
}
