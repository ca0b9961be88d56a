package dev.locus.experiment;

/**
 * One latent-knowledge probe result of {@code probes.csv}: a probe trained on maintain facts at one layer, applied to
 * the forget facts after an edit.
 *
 * @param method the edit's selection strategy (or {@code none} before any edit)
 * @param layer -1 for the embeddings, l for the output of block l
 * @param target {@code true} (the probe predicts the fact's true attribute) or {@code edit} (the edit target)
 * @param accuracy share of forget facts predicted as {@code target}
 */
public record ProbeRow(String method, long seed, String phase, int layer, String target, double accuracy) {

    /** The same row under another method name (a method shown as "A · Fact Lookup" when two runs are compared). */
    public ProbeRow withMethod(String name) {
        return name.equals(method) ? this : new ProbeRow(name, seed, phase, layer, target, accuracy);
    }
}
