package dev.locus.ui.sweeps;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.ClusterSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the launch dialog asks for: a learning-rate sweep of one config ({@code locus sweep CONFIG --lr ...
 * --forget-coef ... --out DIR}), with its launcher's settings.
 *
 * @param config the experiment config file
 * @param lrs learning rates
 * @param coefs forget coefficients
 * @param out the new sweep folder
 * @param launcher local or slurm
 * @param workers local worker processes at once, 0 for one per GPU (one on a CPU machine)
 * @param partition Slurm partition, or null for the cluster's default
 * @param time Slurm time limit per run, or null
 * @param gpusPerTask GPUs each Slurm run asks for
 * @param maxParallel Slurm runs at once, 0 for no limit
 */
public record LaunchRequest(Path config, List<Double> lrs, List<Double> coefs, Path out, String launcher, int workers,
        String partition, String time, int gpusPerTask, int maxParallel) {

    public LaunchRequest {
        lrs = List.copyOf(lrs);
        coefs = List.copyOf(coefs);
    }

    /** The config's own cluster settings with what the dialog set in their place. */
    public ClusterSettings over(ClusterSettings fromConfig) {
        boolean slurm = launcher.equals(ClusterSettings.SLURM);
        return fromConfig.overriddenBy(launcher, slurm ? null : workers, slurm ? partition : null, slurm ? time : null,
                slurm ? gpusPerTask : null, null, null, slurm ? maxParallel : null, null, null, null);
    }

    /**
     * Positive numbers from a list such as {@code 1e-3, 2e-3 4e-3}; a LocusException naming the field and the word
     * that is not one.
     */
    public static List<Double> numbers(String field, String text) {
        List<Double> out = new ArrayList<>();
        for (String word : text.strip().split("[,;\\s]+")) {
            if (word.isEmpty()) {
                continue;
            }
            double v;
            try {
                v = Double.parseDouble(word);
            } catch (NumberFormatException e) {
                throw new LocusException(field + ": \"" + word + "\" is not a number (write them as 1e-3, 2e-3)");
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new LocusException(field + ": " + word + " is not a positive number");
            }
            out.add(v);
        }
        if (out.isEmpty()) {
            throw new LocusException(field + ": give at least one number");
        }
        return out;
    }
}
