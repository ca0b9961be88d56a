package dev.locus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cancel that lands at a known point of a job, for the cancellation tests (no sleeps, nothing that depends on the
 * machine's speed). The job's own listener calls {@link #tick()} at each point where it reports (a step, a stage, a
 * file written); at tick number {@code at} the job's thread signals the test and waits there until the test
 * cancels the job the way the workbench does, which interrupts that thread; the job then goes on with its thread
 * interrupted, exactly as if the user's cancel had arrived at that moment, and stops at its next check.
 */
public final class CancelPoint {
    private final int at;
    private final AtomicInteger ticks = new AtomicInteger();
    private final CountDownLatch reached = new CountDownLatch(1);
    private volatile boolean interruptedThere;

    private CancelPoint(int at) {
        this.at = at;
    }

    /** Counts the ticks of a job that runs to its end (to learn how many points a job has). */
    public static CancelPoint never() {
        return new CancelPoint(-1);
    }

    /** Holds the job at its tick number {@code at} (from 0) until the test cancels it. */
    public static CancelPoint at(int at) {
        return new CancelPoint(at);
    }

    /** Called by the job's listener, on the job's thread, at each of its points. */
    public void tick() {
        if (ticks.getAndIncrement() != at) {
            return;
        }
        reached.countDown();
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(60)); // the test's cancel interrupts this; else the job goes on
        } catch (InterruptedException e) {
            interruptedThere = true;
            Thread.currentThread().interrupt(); // the cancel's interrupt stays for the job's own next check
        }
    }

    /** Waits (on the test's thread) until the job is held at the point; then cancel it. */
    public void awaitReached() throws InterruptedException {
        assertTrue(reached.await(60, TimeUnit.SECONDS), "the job reached point " + at + " (it had " + ticks() + ")");
    }

    /** Whether the cancel's interrupt reached the job while it was held at the point. */
    public boolean interruptedThere() {
        return interruptedThere;
    }

    /** Ticks so far. */
    public int ticks() {
        return ticks.get();
    }

    /**
     * {@code n} points in [from, to), one drawn by {@code random} in each of n equal stretches of that range, so that
     * they spread over the whole of it; in order.
     */
    public static List<Integer> spread(Random random, int n, int from, int to) {
        List<Integer> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int lo = from + (int) ((long) (to - from) * i / n);
            int hi = from + (int) ((long) (to - from) * (i + 1) / n);
            points.add(hi > lo ? lo + random.nextInt(hi - lo) : lo);
        }
        return points;
    }
}
