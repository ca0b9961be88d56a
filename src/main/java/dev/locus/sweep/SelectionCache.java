package dev.locus.sweep;

import dev.locus.core.LocusException;
import dev.locus.experiment.config.EditSettings;
import dev.locus.experiment.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The selections a sweep's trials share: every trial of a method localizes the same way (same model, facts, seed and
 * localization settings; only the edit differs), so the first to finish leaves its mask in {@code DIR/cache/} and the
 * later ones edit that selection instead of localizing again (the config's own {@code masks} mechanism; their
 * {@code config.json} says so). On this machine causal tracing alone took 34-64 s per trial on one thread.
 * Two trials that start together both localize; each writes the same mask, atomically.
 */
final class SelectionCache {
    private SelectionCache() {
    }

    /** The trial's config, with its method's selection from the cache when there is one there. */
    static ExperimentConfig use(Path dir, ExperimentConfig trial) {
        String method = trial.methods().get(0);
        Path cached = file(dir, trial);
        if (trial.masks().containsKey(method) || !Files.isRegularFile(cached)) {
            return trial;
        }
        Map<String, String> masks = new LinkedHashMap<>(trial.masks());
        masks.put(method, cached.toString());
        return trial.withMasks(masks);
    }

    /** Keeps the mask the trial's run folder holds for its method, when the cache has none yet. */
    static void keep(Path dir, ExperimentConfig trial, Path runFolder) {
        String method = trial.methods().get(0);
        Path mask = runFolder.resolve("masks").resolve(method + ".json");
        Path cached = file(dir, trial);
        if (trial.masks().containsKey(method) || Files.exists(cached) || !Files.isRegularFile(mask)) {
            return;
        }
        try {
            Files.createDirectories(cached.getParent());
            Path tmp = Files.createTempFile(cached.getParent(), method, ".tmp");
            Files.copy(mask, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LocusException(cached + ": cannot keep the trial's selection (" + e.getMessage() + ")", e);
        }
    }

    /**
     * {@code cache/<method>-<hash>.json}: the hash of the trial's config without what a trial varies (its name and
     * edit settings), so every trial of one method and config shares it, and nothing else does.
     */
    static Path file(Path dir, ExperimentConfig trial) {
        ExperimentConfig localization = trial.withRun("selection", trial.seeds(), trial.methods())
                .withEdit(EditSettings.DEFAULTS, Map.of());
        return dir.resolve("cache").resolve(trial.methods().get(0) + "-"
                + SweepEntry.idOf("selection", localization) + ".json");
    }
}
