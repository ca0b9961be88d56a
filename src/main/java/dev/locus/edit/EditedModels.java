package dev.locus.edit;

import dev.locus.core.LocusException;
import dev.locus.model.CheckpointWriter;
import dev.locus.model.LocusModel;
import dev.locus.model.ModelWeights;
import dev.locus.model.component.ComponentSet;
import dev.locus.model.config.ParamSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/** Edited copies of a loaded model, and saving them as Hugging Face folders. */
public final class EditedModels {
    private EditedModels() {
    }

    /**
     * {@code base} with private copies of the weights {@code set} touches; the rest is shared, read-only. Training the
     * copy leaves {@code base} unchanged; closing it frees the copies only.
     */
    public static LocusModel copy(LocusModel base, ComponentSet set) {
        ModelWeights weights = base.transformer().weights().copying(set.ranges().keySet());
        return base.withWeights(weights);
    }

    /**
     * Writes {@code model} as a new Hugging Face folder: {@code model.safetensors} (float32, the checkpoint's own
     * tensor names), and the source folder's {@code config.json} and {@code tokenizer.json}. {@code dir} must not be
     * the source folder (a user's model folder is never written).
     */
    public static void save(LocusModel model, Path dir) {
        Path source = model.folder();
        try {
            if (source != null && Files.exists(dir) && Files.isSameFile(source, dir)) {
                throw new LocusException(dir + ": is the model's own folder; an edited model goes to a new one");
            }
            Files.createDirectories(dir);
            List<ParamSpec> specs = new ArrayList<>(model.components().specs());
            CheckpointWriter.writeSafetensors(dir, specs, model.transformer().weights());
            if (source != null) {
                for (String f : List.of("config.json", "tokenizer.json", "tokenizer_config.json", "generation_config.json")) {
                    if (Files.isRegularFile(source.resolve(f))) {
                        Path tmp = Files.createTempFile(dir, "." + f, ".tmp");
                        Files.copy(source.resolve(f), tmp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(tmp, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
        } catch (IOException e) {
            throw new LocusException(dir + ": cannot save the edited model (" + e.getMessage() + ")", e);
        }
    }
}
