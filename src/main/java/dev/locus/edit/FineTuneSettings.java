package dev.locus.edit;

/**
 * How an edit trains (PAPER-SPEC section 4): per step, loss = forgetCoef x (edit cross-entropy, or log(1 - p) when
 * {@code unlearn}) + maintainCoef x maintain cross-entropy + generalCoef x next-token loss on general text; AdamW,
 * linear warm-up then cosine decay, gradient clipping.
 *
 * @param batch prompts (and general lines) per loss term per step; the forget set is used whole when it is smaller
 * @param evalEvery evaluate every this many steps (0: only before and after)
 * @param seed draws the maintain and general batches
 */
public record FineTuneSettings(boolean unlearn, int steps, int batch, double lr, double forgetCoef, double maintainCoef,
        double generalCoef, double weightDecay, double clip, int warmup, int evalEvery, long seed) {
}
