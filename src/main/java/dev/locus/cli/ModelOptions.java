package dev.locus.cli;

import ai.djl.Device;
import dev.locus.core.LocusException;
import dev.locus.model.Bundled;
import dev.locus.model.ComputeType;
import dev.locus.model.Engines;
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
    Compute compute;

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

    /** {@code --device} and {@code --dtype}: where and in what type a command computes (a picocli mixin). */
    static final class Compute {
        @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
                description = "compute device (default: ${DEFAULT-VALUE}: a GPU when there is one)")
        String device;

        @Option(names = "--dtype", defaultValue = "auto", paramLabel = "auto|float32|float16",
                description = "weights' type: auto (float32 on the CPU, float16 on a GPU), float32 or float16 "
                        + "(default: ${DEFAULT-VALUE})")
        String dtype;

        Device device() {
            return Engines.device(device);
        }

        /** The chosen compute type; null for auto (resolved against the device where the model loads). */
        ComputeType computeType() {
            return ComputeType.parse(dtype);
        }
    }
}
