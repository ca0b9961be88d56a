package dev.locus.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.LocusException;
import java.util.Locale;

/**
 * The type a model's weights are kept in and its matrix products run in. Half precision is float16: bfloat16 cannot
 * pass through DJL 0.36 (its JNI has no mapping for it and aborts the JVM; src/docs/dependencies.md). In float16 the
 * whole forward pass runs in float16 (libtorch accumulates the sums of norms and softmax in float32) and widens the
 * logits to float32; an edit's trained weights keep float32 master copies.
 */
public enum ComputeType {
    FLOAT32(DataType.FLOAT32, 4),
    FLOAT16(DataType.FLOAT16, 2),
    /** For precise reference checks only. */
    FLOAT64(DataType.FLOAT64, 8);

    private final DataType dataType;
    private final int bytes;

    ComputeType(DataType dataType, int bytes) {
        this.dataType = dataType;
        this.bytes = bytes;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Bytes per stored value. */
    public int bytes() {
        return bytes;
    }

    /** True for float16: the forward pass then widens norms, softmax and logits to float32. */
    public boolean isHalf() {
        return this == FLOAT16;
    }

    /** The name as the CLI and run.json write it: {@code float32}, {@code float16}, {@code float64}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of {@code t}; an error for types a model cannot compute in. */
    public static ComputeType of(DataType t) {
        for (ComputeType c : values()) {
            if (c.dataType == t) {
                return c;
            }
        }
        throw new IllegalArgumentException("no compute type for " + t);
    }

    /**
     * A choice as the user writes it ({@code --dtype}): {@code auto}, {@code float32} or {@code float16}; null for
     * {@code auto}, resolved per device by {@link #resolve}.
     */
    public static ComputeType parse(String choice) {
        String c = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        switch (c) {
            case "auto":
                return null;
            case "float32":
            case "fp32":
                return FLOAT32;
            case "float16":
            case "fp16":
            case "half":
                return FLOAT16;
            case "bfloat16":
            case "bf16":
                throw new LocusException("--dtype " + choice + ": bfloat16 is not available through DJL 0.36 (see "
                        + "src/docs/dependencies.md); use float16 or float32");
            default:
                throw new LocusException("--dtype " + choice + ": expected auto, float32 or float16");
        }
    }

    /**
     * {@code choice} (null: auto) on {@code device}: auto is float32 on the CPU, where libtorch's float16 matrix
     * products are far slower than float32 (about 1 GFLOP/s against tens), and float16 on a GPU, where it halves the
     * weights' memory and runs on tensor cores.
     */
    public static ComputeType resolve(ComputeType choice, Device device) {
        if (choice != null) {
            return choice;
        }
        return device.isGpu() ? FLOAT16 : FLOAT32;
    }

    /** {@code parse(choice)} resolved on {@code device}. */
    public static ComputeType resolve(String choice, Device device) {
        return resolve(parse(choice), device);
    }
}
