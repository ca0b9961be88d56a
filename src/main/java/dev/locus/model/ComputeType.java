package dev.locus.model;

/** The type the weights are held and multiplied in on the device (float32 unless asked otherwise). */
public enum ComputeType {
    FLOAT32(4), FLOAT16(2), FLOAT64(8);

    private final int bytes;

    ComputeType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }
}
