package dev.locus.localize.method;

import java.util.concurrent.CancellationException;

/**
 * Progress of a long localization, reported on the thread doing the work. Work stops with a
 * {@link CancellationException} between passes when that thread is interrupted, so a GUI cancels by interrupting it.
 */
@FunctionalInterface
public interface Progress {
    Progress NONE = (stage, done, total) -> { };

    /** {@code done} of {@code total} units of {@code stage} are finished. */
    void update(String stage, long done, long total);

    /** Throws when the current thread was asked to stop. */
    static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("cancelled");
        }
    }
}
