package dev.locus.train;

/**
 * Linear warm-up to the peak learning rate, then cosine decay to {@code floor} x peak at the last step.
 */
public record CosineSchedule(double peak, int warmupSteps, int totalSteps, double floor) {

    public CosineSchedule {
        if (totalSteps <= 0 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("bad schedule: warm-up " + warmupSteps + " of " + totalSteps + " steps");
        }
    }

    /** The learning rate for step {@code step} (0-based). */
    public double at(int step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        double progress = totalSteps == warmupSteps ? 1 : (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
        return peak * (floor + (1 - floor) * cosine);
    }
}
