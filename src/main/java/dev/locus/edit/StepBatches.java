package dev.locus.edit;

import dev.locus.train.Losses;
import java.util.Arrays;
import java.util.Random;

/**
 * One training step's batches (gradient accumulation): drawn once, at the step's first pass, then cut into
 * micro-batches of {@link FineTuneSettings#microBatch()} entries, pass i taking entries [i m, (i + 1) m) of every loss
 * term's batch. Each pass's loss is scaled by its share of the whole batch (its prompts over the batch's prompts; for
 * general text, its tokens over the batch's tokens), so the gradients the passes sum to are exactly those of the whole
 * batch at once: a mean over the batch, not a mean of the passes' means when they are unequal.
 */
final class StepBatches {
    private final EditTask task;
    private final FineTuneSettings s;
    private final Random random;
    private final int passes;
    private int[] forget = new int[0];
    private int[] maintain = new int[0];
    private int[] general = new int[0];
    private int generalTokens;

    StepBatches(EditTask task, FineTuneSettings s, Random random) {
        this.task = task;
        this.s = s;
        this.random = random;
        int largest = Math.max(Math.min(task.forget().size(), s.batch()),
                Math.max(Math.min(task.maintain().size(), s.batch()), Math.min(task.general().size(), s.batch())));
        this.passes = s.microBatch() <= 0 || largest == 0 ? 1 : (largest + s.microBatch() - 1) / s.microBatch();
    }

    /** Forward and backward passes per step. */
    int passes() {
        return passes;
    }

    /** Draws the step's batches (in the order a whole-batch step always drew them); call at each step's pass 0. */
    void draw() {
        forget = Losses.sample(task.forget().size(), s.batch(), random);
        maintain = Losses.sample(task.maintain().size(), s.batch(), random);
        general = Losses.sample(task.general().size(), s.batch(), random);
        generalTokens = 0;
        for (int i : general) {
            generalTokens += Math.max(0, task.general().get(i).length - 1);
        }
    }

    int[] forget(int pass) {
        return share(forget, pass);
    }

    int[] maintain(int pass) {
        return share(maintain, pass);
    }

    int[] general(int pass) {
        return share(general, pass);
    }

    /** The fraction of the step's forget (or maintain) prompts that {@code part} holds. */
    double forgetShare(int[] part) {
        return part.length == forget.length ? 1 : (double) part.length / forget.length;
    }

    double maintainShare(int[] part) {
        return part.length == maintain.length ? 1 : (double) part.length / maintain.length;
    }

    /** Next-token predictions in the step's whole general batch: each pass's token sum is divided by it. */
    int generalTokens() {
        return generalTokens;
    }

    private int[] share(int[] all, int pass) {
        if (passes == 1) {
            return all;
        }
        int from = Math.min(all.length, pass * s.microBatch());
        return Arrays.copyOfRange(all, from, Math.min(all.length, from + s.microBatch()));
    }
}
