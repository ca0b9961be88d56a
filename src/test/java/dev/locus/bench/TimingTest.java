package dev.locus.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Timing runs the work as peer_bench.py's timeit does: warm-up calls untimed, then the timed ones. */
class TimingTest {
    @Test
    void runsWarmupThenTimedCallsAndOrdersTheFigures() {
        int[] calls = {0};
        Timing t = Timing.of(() -> calls[0]++, 5, 2);
        assertEquals(7, calls[0]);
        assertTrue(t.min() <= t.median() && t.median() <= t.max(), t.toString());
        Timing per = new Timing(2, 4, 8).per(4);
        assertEquals(new Timing(0.5, 1, 2), per);
        assertThrows(IllegalArgumentException.class, () -> Timing.of(() -> { }, 0, 1));
    }
}
