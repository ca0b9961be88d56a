package dev.locus.cli;

import ai.djl.Device;
import dev.locus.cli.shared.ComputeOptions;
import dev.locus.core.LocusException;
import dev.locus.model.Bundled;
import dev.locus.model.ComputeType;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --model}, {@code --device} and {@code --dtype}, shared by the commands that load a model. */
final class ModelOptions {
    @Option(names = "--model", defaultValue = "demo", paramLabel = "DIR",
            description = "a Hugging Face model folder, or 'demo' for the bundled Sports World model (the default)")
    String model;

    @Mixin
    ComputeOptions compute;

    Device device() {
        return compute.device();
    }

    /** The model folder: a path, or the bundled model for {@code demo}. */
    Path folder() {
        if ("demo".equals(model)) {
            return demoFolder();
        }
        Path p = Path.of(model);
        if (!Files.isDirectory(p)) {
            throw new LocusException("--model " + model + ": " + (Files.exists(p) ? "not a folder" : "no such folder"));
        }
        return p;
    }

    LocusModel load() {
        Device d = device();
        return LocusModel.load(folder(), d, ComputeType.resolve(compute.computeType(), d));
    }

    static Path demoFolder() {
        return Bundled.sportsWorld();
    }
}
