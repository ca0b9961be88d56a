package dev.locus.model.budget;

import java.util.Locale;

/**
 * What one stage of a job needs at its peak, in bytes by kind, and the floating-point operations it performs.
 *
 * @param stage load, localize, edit, relearn, soft-prompt or evaluate
 * @param method the localization or edit method ("" when the stage has one way only)
 * @param weightBytes the model's weights in the compute type (and, in an edit's later stages, the edited copy)
 * @param trainedBytes the trained parameters' float32 master copy, gradient and AdamW moments (and half copies)
 * @param activationBytes what one micro-batch keeps for the backward pass (or a forward pass holds at once)
 * @param logitBytes the logits [tokens, vocab] and their float32 softmax and gradient copies
 * @param flops floating-point operations of the whole stage
 * @param trainedParameters parameters the stage trains (0 when none)
 * @param note what the numbers assume, for the reader
 */
public record Estimate(String stage, String method, long weightBytes, long trainedBytes, long activationBytes,
                       long logitBytes, double flops, long trainedParameters, String note) {

    /** The peak: everything above held at once (the JVM's own heap is counted apart, see {@link Estimator#JVM_BYTES}). */
    public long peakBytes() {
        return weightBytes + trainedBytes + activationBytes + logitBytes;
    }

    /** "edit flu" or "load". */
    public String label() {
        return method.isEmpty() ? stage : stage + " " + method;
    }

    /** Seconds at {@code gflops} billion operations per second. */
    public double seconds(double gflops) {
        return gflops <= 0 ? Double.NaN : flops / (gflops * 1e9);
    }

    /** "8.9 MB", "34.1 GB" (decimal units). */
    public static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** "weights 4.9 GB, trained 1.2 GB, activations 300.0 MB, logits 2.1 GB" (the kinds that are not zero). */
    public String breakdown() {
        StringBuilder b = new StringBuilder();
        part(b, "weights", weightBytes);
        part(b, "trained weights with gradients and optimizer state", trainedBytes);
        part(b, "activations", activationBytes);
        part(b, "logits and their gradients", logitBytes);
        return b.toString();
    }

    private static void part(StringBuilder b, String name, long bytes) {
        if (bytes > 0) {
            b.append(b.length() == 0 ? "" : ", ").append(name).append(' ').append(size(bytes));
        }
    }
}
