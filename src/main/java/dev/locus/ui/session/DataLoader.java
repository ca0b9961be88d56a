package dev.locus.ui.session;

import dev.locus.data.Dataset;
import dev.locus.data.Split;
import dev.locus.data.files.DatasetFiles;
import dev.locus.experiment.ExperimentRunner;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.ui.task.Job;

/** Loads the session config's facts off the JavaFX thread and sets the session's dataset and split (seed 0). */
public final class DataLoader {
    private DataLoader() {
    }

    /** What a load produced. */
    public record Loaded(ExperimentConfig config, Dataset dataset, Split split) {
    }

    /** Queues loading {@code config}'s data; on success the session holds it and {@code config} (JavaFX thread). */
    public static Job<Loaded> load(WorkbenchContext ctx, ExperimentConfig config) {
        Session s = ctx.session();
        Job<Loaded> job = ctx.thread().submit("Load data", r -> {
            r.progress("reading " + config.data(), 0, 1);
            Dataset d = DatasetFiles.load(config.data(), ExperimentConfig.pathOf(config.questions()),
                    ExperimentConfig.pathOf(config.formatFile()));
            return new Loaded(config, d, ExperimentRunner.split(config, d, config.seeds().get(0)));
        });
        job.setOnSucceeded(e -> {
            Loaded l = job.getValue();
            s.config.set(l.config());
            s.dataset.set(l.dataset());
            s.split.set(l.split());
        });
        return job;
    }
}
