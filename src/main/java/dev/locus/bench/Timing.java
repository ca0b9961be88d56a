package dev.locus.bench;

import java.util.Arrays;

/**
 * Seconds per call of a measured piece of work: {@code runs} timed calls after {@code warmup} untimed ones, as
 * peer_bench.py's {@code timeit} does, so that the two sides' medians compare.
 */
public record Timing(double min, double median, double max) {

    public static Timing of(Runnable work, int runs, int warmup) {
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException(runs + " runs after " + warmup + " warm-up runs");
        }
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            work.run();
            t[i] = (System.nanoTime() - start) / 1e9;
        }
        Arrays.sort(t);
        double median = runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
        return new Timing(t[0], median, t[runs - 1]);
    }

    /** This timing for {@code inner} repetitions per call, as seconds per repetition. */
    public Timing per(int inner) {
        return new Timing(min / inner, median / inner, max / inner);
    }
}
