package dev.locus.model.io;

/**
 * Element type of a tensor as spelled in a safetensors header. Use it to read a header's {@code dtype} field and to
 * choose the on-disk type when writing; only F32, F16 and BF16 can be read as float32.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether Locus can read (and write) this type as float32. */
    public boolean isReadableAsFloat() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The type spelled exactly as in a safetensors header ("F32", "BF16"), or null if there is none. */
    public static DType fromHeader(String text) {
        // Exact match only: the format is case-sensitive, and "f32" in a header means a broken writer.
        for (DType t : values()) {
            if (t.name().equals(text)) {
                return t;
            }
        }
        return null;
    }
}
