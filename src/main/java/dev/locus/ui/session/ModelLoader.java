package dev.locus.ui.session;

import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.Bundled;
import dev.locus.model.Engines;
import dev.locus.model.LocusModel;
import dev.locus.ui.task.Job;
import java.nio.file.Path;

/**
 * Opens a model folder on the model thread and makes it the session's: the old model is closed there too, and what
 * was found on the old one (localizations, selections) is dropped, since it names another model's components.
 */
public final class ModelLoader {
    private ModelLoader() {
    }

    /** Queues loading {@code folder}; on success the session holds it (JavaFX thread). */
    public static Job<LocusModel> open(WorkbenchContext ctx, Path folder) {
        Session s = ctx.session();
        String device = s.device.get();
        Job<LocusModel> job = ctx.thread().submit("Open model " + folder.getFileName(), r -> {
            if (!Engines.isUnpacked()) {
                r.progress("first start: unpacking libtorch into " + Engines.libtorchFolder() + " (once)", 0, 1);
            }
            Engines.start();
            r.progress("loading " + folder.getFileName(), 0, 1);
            ai.djl.Device on = Engines.device(device);
            // float32 on the CPU, float16 on a GPU
            LocusModel model = LocusModel.load(folder, on, dev.locus.model.ComputeType.resolve("auto", on));
            // the Edit panel's time estimates read this machine's rate; measured once, here off the JavaFX thread
            dev.locus.plan.Throughput.of(model.device().isGpu(), 4);
            return model;
        });
        job.setOnSucceeded(e -> {
            LocusModel old = s.model.get();
            s.localizations.clear();
            s.selection.set(null);
            s.comparison.set(null);
            s.selections.clear();
            s.modelFolder.set(folder);
            boolean bundled = folder.toAbsolutePath().normalize().equals(Bundled.sportsWorld().toAbsolutePath().normalize());
            s.config.set(s.config.get().withModel(bundled ? ExperimentConfig.DEMO : folder.toAbsolutePath().toString()));
            s.model.set(job.getValue());
            if (old != null) {
                ctx.thread().submit("Close " + old.folder().getFileName(), r -> {
                    old.close();
                    return null;
                });
            }
        });
        return job;
    }

    /** Queues loading the bundled Sports World model. */
    public static Job<LocusModel> openBundled(WorkbenchContext ctx) {
        return open(ctx, Bundled.sportsWorld());
    }
}
