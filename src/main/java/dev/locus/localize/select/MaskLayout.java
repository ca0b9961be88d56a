package dev.locus.localize.select;

import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.component.ComponentSet;
import dev.locus.model.config.ParamSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The 0/1 masks of the checkpoint tensors a component set trains, under the checkpoint's own names, shapes and
 * orientation, so that Python code can multiply a gradient by them directly. Built in the internal layout, where
 * components are slices ({@link ComponentSet#ranges()}), then split and transposed back the way
 * {@code CheckpointWriter} writes weights.
 */
final class MaskLayout {

    /** One checkpoint tensor's mask: its bytes (0 or 1), row-major in the checkpoint's shape. */
    record TensorMask(String tensor, long[] shape, byte[] values) {
        long ones() {
            long n = 0;
            for (byte b : values) {
                n += b;
            }
            return n;
        }
    }

    private MaskLayout() {
    }

    /** The masks of every checkpoint tensor the set trains, in the model's parameter order. */
    static List<TensorMask> of(ComponentSet set, ComponentCatalog catalog) {
        List<TensorMask> out = new ArrayList<>();
        for (ParamSpec spec : touched(set, catalog)) {
            out.addAll(masks(spec, set));
        }
        return out;
    }

    /**
     * The internal parameters the set trains, in the catalog's order (so that component order does not matter).
     * Every checkpoint tensor they are made of gets a mask: a head's slices reach each of q, k, v and o.
     */
    static List<ParamSpec> touched(ComponentSet set, ComponentCatalog catalog) {
        Map<String, List<long[]>> ranges = set.ranges();
        return catalog.specs().stream().filter(spec -> ranges.containsKey(spec.name())).toList();
    }

    /** The masks of the checkpoint tensors {@code spec} is made of, one per source in order. */
    static List<TensorMask> masks(ParamSpec spec, ComponentSet set) {
        return toCheckpoint(spec, internal(spec.shape(), set.ranges().get(spec.name()), set.axis(spec.name())));
    }

    /** Ones over the whole parameter ({@code ranges} null) or over the ranges along {@code axis}. */
    static byte[] internal(long[] shape, List<long[]> ranges, int axis) {
        byte[] mask = new byte[Math.toIntExact(count(shape))];
        if (ranges == null) {
            Arrays.fill(mask, (byte) 1);
            return mask;
        }
        long along = shape[axis];
        long inner = count(Arrays.copyOfRange(shape, axis + 1, shape.length));
        long outer = mask.length / (along * inner);
        for (long o = 0; o < outer; o++) {
            for (long[] r : ranges) {
                long base = o * along * inner;
                Arrays.fill(mask, (int) (base + r[0] * inner), (int) (base + r[1] * inner), (byte) 1);
            }
        }
        return mask;
    }

    /** Splits along the last axis into the sources and transposes {@code [in, out]} back to {@code [out, in]}. */
    static List<TensorMask> toCheckpoint(ParamSpec spec, byte[] internal) {
        long[] shape = spec.shape();
        long width = shape[shape.length - 1];
        long rows = internal.length / width;
        List<TensorMask> out = new ArrayList<>();
        long offset = 0;
        for (ParamSpec.Source s : spec.sources()) {
            boolean transpose = spec.transpose() && s.shape().length == 2;
            long part = transpose ? s.shape()[0] : s.shape()[s.shape().length - 1];
            byte[] values = new byte[Math.toIntExact(rows * part)];
            for (long r = 0; r < rows; r++) {
                for (long c = 0; c < part; c++) {
                    byte v = internal[(int) (r * width + offset + c)];
                    values[(int) (transpose ? c * rows + r : r * part + c)] = v;
                }
            }
            out.add(new TensorMask(s.tensor(), s.shape(), values));
            offset += part;
        }
        return out;
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
