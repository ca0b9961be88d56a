package dev.locus.model.arch;

import dev.locus.core.JsonObject;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.List;
import java.util.function.Predicate;

/**
 * Maps one Hugging Face architecture onto Locus's single internal block structure: its config field names
 * onto {@link ModelConfig}, and its checkpoint tensor names and orientations onto internal parameters
 * (TransformerLens keeps one such small conversion per architecture, and so do we).
 */
public interface ArchitectureAdapter {

    /** The Hugging Face class name in {@code config.json}'s {@code architectures}. */
    String architecture();

    /** The {@code model_type} that names the same architecture when {@code architectures} is absent. */
    String modelType();

    /** Reads and checks the config; errors name the field. */
    ModelConfig config(JsonObject json);

    /**
     * The internal parameters and the checkpoint tensors each is made from.
     *
     * @param inCheckpoint tells whether the checkpoint has a tensor of that name (for naming variants)
     */
    List<ParamSpec> params(ModelConfig config, Predicate<String> inCheckpoint);
}
