package dev.locus.cli.shared;

import ai.djl.Device;
import dev.locus.model.ComputeType;
import dev.locus.model.Engines;
import picocli.CommandLine.Option;

/** {@code --device} and {@code --dtype}: where and in what type a command computes (a picocli mixin). */
public final class ComputeOptions {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "auto|cpu|gpu",
            description = "compute device (default: ${DEFAULT-VALUE}: a GPU when there is one)")
    public String device;

    @Option(names = "--dtype", defaultValue = "auto", paramLabel = "auto|float32|float16",
            description = "weights' type: auto (float32 on the CPU, float16 on a GPU), float32 or float16 "
                    + "(default: ${DEFAULT-VALUE})")
    public String dtype;

    public Device device() {
        return Engines.device(device);
    }

    /** The chosen compute type; null for auto (resolved against the device where the model loads). */
    public ComputeType computeType() {
        return ComputeType.parse(dtype);
    }
}
