package dev.locus.edit;

/**
 * How an edit trains (src/docs/paper.md §4): per step, loss = forgetCoef x (edit cross-entropy, or log(1 - p) when
 * {@code unlearn}) + maintainCoef x maintain cross-entropy + generalCoef x next-token loss on general text; AdamW,
 * linear warm-up then cosine decay, gradient clipping. Start from {@link #DEFAULTS} and change fields with the
 * {@code with} methods.
 *
 * @param batch prompts (and general lines) per loss term per step; the forget set is used whole when it is smaller
 * @param evalEvery evaluate every this many steps (0: only before and after)
 * @param seed draws the maintain and general batches
 * @param microBatch entries of each loss term (forget and maintain prompts, general lines) per forward and backward
 *     pass; a step's batch goes through in passes of this size, its gradients summed, before one optimizer step (0:
 *     the whole batch in one pass)
 */
public record FineTuneSettings(boolean unlearn, int steps, int batch, double lr, double forgetCoef, double maintainCoef,
        double generalCoef, double weightDecay, double clip, int warmup, int evalEvery, long seed, int microBatch) {

    /**
     * Plain fine-tuning toward the edit targets: 50 steps of 64 prompts at lr 1e-4, each loss term weighted 1, no
     * weight decay, gradients clipped to norm 1, no warm-up, no evaluation during training, seed 0.
     */
    public static final FineTuneSettings DEFAULTS = new FineTuneSettings(false, 50, 64, 1e-4, 1, 1, 1, 0, 1, 0, 0, 0, 0);

    public FineTuneSettings withUnlearn(boolean v) {
        return new FineTuneSettings(v, steps, batch, lr, forgetCoef, maintainCoef, generalCoef, weightDecay, clip, warmup,
                evalEvery, seed, microBatch);
    }

    public FineTuneSettings withSteps(int v) {
        return new FineTuneSettings(unlearn, v, batch, lr, forgetCoef, maintainCoef, generalCoef, weightDecay, clip, warmup,
                evalEvery, seed, microBatch);
    }

    public FineTuneSettings withBatch(int v) {
        return new FineTuneSettings(unlearn, steps, v, lr, forgetCoef, maintainCoef, generalCoef, weightDecay, clip, warmup,
                evalEvery, seed, microBatch);
    }

    public FineTuneSettings withLr(double v) {
        return new FineTuneSettings(unlearn, steps, batch, v, forgetCoef, maintainCoef, generalCoef, weightDecay, clip,
                warmup, evalEvery, seed, microBatch);
    }

    public FineTuneSettings withForgetCoef(double v) {
        return new FineTuneSettings(unlearn, steps, batch, lr, v, maintainCoef, generalCoef, weightDecay, clip, warmup,
                evalEvery, seed, microBatch);
    }

    public FineTuneSettings withMaintainCoef(double v) {
        return new FineTuneSettings(unlearn, steps, batch, lr, forgetCoef, v, generalCoef, weightDecay, clip, warmup,
                evalEvery, seed, microBatch);
    }

    public FineTuneSettings withGeneralCoef(double v) {
        return new FineTuneSettings(unlearn, steps, batch, lr, forgetCoef, maintainCoef, v, weightDecay, clip, warmup,
                evalEvery, seed, microBatch);
    }

    public FineTuneSettings withWeightDecay(double v) {
        return new FineTuneSettings(unlearn, steps, batch, lr, forgetCoef, maintainCoef, generalCoef, v, clip, warmup,
                evalEvery, seed, microBatch);
    }

    public FineTuneSettings withClip(double v) {
        return new FineTuneSettings(unlearn, steps, batch, lr, forgetCoef, maintainCoef, generalCoef, weightDecay, v, warmup,
                evalEvery, seed, microBatch);
    }

    public FineTuneSettings withWarmup(int v) {
        return new FineTuneSettings(unlearn, steps, batch, lr, forgetCoef, maintainCoef, generalCoef, weightDecay, clip, v,
                evalEvery, seed, microBatch);
    }

    public FineTuneSettings withEvalEvery(int v) {
        return new FineTuneSettings(unlearn, steps, batch, lr, forgetCoef, maintainCoef, generalCoef, weightDecay, clip,
                warmup, v, seed, microBatch);
    }

    public FineTuneSettings withSeed(long v) {
        return new FineTuneSettings(unlearn, steps, batch, lr, forgetCoef, maintainCoef, generalCoef, weightDecay, clip,
                warmup, evalEvery, v, microBatch);
    }

    public FineTuneSettings withMicroBatch(int v) {
        return new FineTuneSettings(unlearn, steps, batch, lr, forgetCoef, maintainCoef, generalCoef, weightDecay, clip,
                warmup, evalEvery, seed, v);
    }
}
