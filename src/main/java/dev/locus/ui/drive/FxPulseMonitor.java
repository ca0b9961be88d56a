package dev.locus.ui.drive;

import java.util.Arrays;
import javafx.animation.AnimationTimer;

/**
 * Measures how responsive the window is: while started, an {@link AnimationTimer} notes the time of every JavaFX
 * pulse, and the gaps between them say how long the JavaFX thread was busy (about 16.7 ms at 60 frames a second when
 * idle; a gap of 200 ms is a 200 ms freeze). Start and stop on the JavaFX thread; the figures can be read anywhere.
 */
public final class FxPulseMonitor {
    private final AnimationTimer timer = new AnimationTimer() {
        @Override
        public void handle(long now) {
            record(now);
        }
    };
    private long last;
    private long first;
    /** Where the long gaps were: ms since start, and the gap's length in ms. */
    private final java.util.List<double[]> longGaps = new java.util.ArrayList<>();
    /** Gaps at least this long are remembered with their time. */
    public static final double LONG_GAP_MS = 50;
    private long[] gaps = new long[1024];
    private int count;

    /** Starts recording (JavaFX thread); forgets what an earlier start recorded. */
    public void start() {
        synchronized (this) {
            last = 0;
            count = 0;
            first = 0;
            longGaps.clear();
        }
        timer.start();
    }

    /** Stops recording (JavaFX thread); the figures stay. */
    public void stop() {
        timer.stop();
    }

    private synchronized void record(long now) {
        if (last != 0) {
            if (count == gaps.length) {
                gaps = Arrays.copyOf(gaps, count * 2);
            }
            gaps[count++] = now - last;
            if ((now - last) / 1e6 >= LONG_GAP_MS) {
                longGaps.add(new double[] {(last - first) / 1e6, (now - last) / 1e6});
            }
        } else {
            first = now;
        }
        last = now;
    }

    /** Gaps between pulses recorded so far. */
    public synchronized int gaps() {
        return count;
    }

    /** Gaps of {@link #LONG_GAP_MS} or more: {ms since start when the gap began, its length in ms}. */
    public synchronized java.util.List<double[]> longGaps() {
        return java.util.List.copyOf(longGaps);
    }

    /** The longest gap between two pulses, in ms (0 before two pulses). */
    public synchronized double maxGapMs() {
        long max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, gaps[i]);
        }
        return max / 1e6;
    }

    /** The 99th percentile of the gaps, in ms (0 before two pulses). */
    public synchronized double p99GapMs() {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(gaps, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(0.99 * count) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** "max 34.1 ms, p99 18.2 ms over 600 pulses" */
    @Override
    public synchronized String toString() {
        return String.format(java.util.Locale.ROOT, "max %.1f ms, p99 %.1f ms over %d pulses", maxGapMs(), p99GapMs(), count);
    }
}
