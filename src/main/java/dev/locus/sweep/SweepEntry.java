package dev.locus.sweep;

import dev.locus.experiment.config.ExperimentConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One line of a sweep's manifest: one run, with its whole resolved config.
 *
 * @param index its place in the manifest, from 0 (the Slurm array index)
 * @param id the first 12 hex digits of the SHA-256 of its kind and config: the same run always has the same id, so a
 *     sweep started again over the same folder finds the runs it already has
 * @param kind {@link #TRIAL} (one edit of a learning-rate grid, scored in the edit format) or {@link #RUN} (a whole
 *     experiment: {@code locus run} of one seed)
 * @param label what the run is, for people ({@code flu lr 2e-03 coef 1})
 * @param config the run's config: one seed; for a trial one method with its learning rate and forget coefficient
 * @param group the name of the config it came from: a sweep of several configs (models, settings) is summarized per
 *     config
 */
public record SweepEntry(int index, String id, String kind, String label, ExperimentConfig config, String group) {

    public static final String TRIAL = "trial";
    public static final String RUN = "run";

    /** The content hash of a run: its kind and its config as written (every field resolved). */
    public static String idOf(String kind, ExperimentConfig config) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((kind + "\n" + config.toJson()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** An entry with its id computed from kind and config. */
    public static SweepEntry of(int index, String kind, String label, ExperimentConfig config, String group) {
        return new SweepEntry(index, idOf(kind, config), kind, label, config, group);
    }
}
