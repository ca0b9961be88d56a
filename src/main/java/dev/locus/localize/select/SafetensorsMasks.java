package dev.locus.localize.select;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import dev.locus.localize.select.MaskLayout.TensorMask;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.io.DType;
import dev.locus.model.io.SafetensorsFile;
import dev.locus.model.io.SafetensorsWriter.Deferred;
import dev.locus.model.io.SafetensorsWriter;
import dev.locus.model.io.TensorData;
import dev.locus.model.io.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code masks/<strategy>.safetensors}: one U8 0/1 tensor per checkpoint tensor a selection trains (a tensor it
 * trains none of, such as {@code q_proj} beside a chosen {@code L3.attn.W_K}, is left out), under the
 * checkpoint's own name and shape, and the JSON file's fields in {@code __metadata__}. Reading accepts only masks
 * that whole components make: an element mask drawn by hand cannot be turned back into components.
 */
final class SafetensorsMasks {
    private SafetensorsMasks() {
    }

    static void write(Path file, Selection s, LocusModel model) {
        Map<String, Deferred> tensors = new LinkedHashMap<>();
        PerParam cache = new PerParam(s);
        for (ParamSpec spec : MaskLayout.touched(s.components(), model.components())) {
            List<TensorMask> masks = MaskLayout.masks(spec, s.components());
            for (int i = 0; i < spec.sources().size(); i++) {
                ParamSpec.Source source = spec.sources().get(i);
                int index = i;
                if (masks.get(i).ones() == 0) {
                    continue; // a single matrix of a fused parameter (W_K of W_QKV) trains none of q_proj or v_proj
                }
                // Made one parameter at a time as the writer reaches it: all masks of a 7B model would not fit.
                tensors.put(source.tensor(), new Deferred(DType.U8, source.shape(),
                        () -> TensorData.of(DType.U8, source.shape(), floats(cache.masks(spec).get(index).values()))));
            }
        }
        Map<String, String> metadata = MaskFields.toMetadata(MaskFields.toTree(s, ModelIdentity.of(model)));
        SafetensorsWriter.writeDeferred(file, tensors, metadata);
    }

    static Selection read(Path file, LocusModel model) {
        String label = file.toString();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            MaskFields fields = new MaskFields(label, "__metadata__");
            Selection s = fields.read(fields.fromMetadata(f.metadata()), model);
            checkTensors(label, f, s, model.components());
            return s;
        }
    }

    /** Every tensor has this model's name, shape and the values the components imply; none is missing. */
    private static void checkTensors(String label, SafetensorsFile f, Selection s, ComponentCatalog catalog) {
        Map<String, long[]> checkpoint = new HashMap<>();
        Map<String, ParamSpec> owner = new HashMap<>();
        for (ParamSpec spec : catalog.specs()) {
            for (ParamSpec.Source src : spec.sources()) {
                checkpoint.put(src.tensor(), src.shape());
                owner.put(src.tensor(), spec);
            }
        }
        List<ParamSpec> trained = MaskLayout.touched(s.components(), catalog);
        Set<String> trainedNames = trained.stream().map(ParamSpec::name).collect(Collectors.toSet());
        PerParam cache = new PerParam(s);
        String components = Messages.clip(String.join(", ", s.components().ids()), 120);
        for (TensorInfo t : f.tensors().values()) {
            String tensor = "tensor '" + Messages.clip(t.name(), 200) + "'";
            long[] shape = checkpoint.get(t.name());
            if (shape == null) {
                throw new LocusException(label + ": " + tensor + " is not a tensor of this model's checkpoint");
            }
            if (!Arrays.equals(shape, t.shape())) {
                throw new LocusException(label + ": " + tensor + " has shape " + t.shapeText()
                        + " but this model's checkpoint has " + Arrays.toString(shape));
            }
            if (t.dtype() != DType.U8 && t.dtype() != DType.BOOL) {
                throw new LocusException(label + ": " + tensor + " is " + t.dtype() + "; a mask is U8 (or BOOL) 0/1");
            }
            ParamSpec spec = owner.get(t.name());
            byte[] want = trainedNames.contains(spec.name()) ? maskOf(cache.masks(spec), t.name()) : null; // null: 0s
            byte[] got = f.readBytes(t.name());
            for (int i = 0; i < got.length; i++) {
                int expected = want == null ? 0 : want[i];
                if (got[i] != expected) {
                    String at = " at " + Arrays.toString(coordinates(i, shape));
                    if (got[i] != 0 && got[i] != 1) {
                        throw new LocusException(label + ": " + tensor + " holds " + Byte.toUnsignedInt(got[i]) + at
                                + "; a mask holds only 0 and 1");
                    }
                    throw new LocusException(label + ": " + tensor + " is " + got[i] + at + " where the components ("
                            + components + ") make it " + expected + "; Locus masks select whole components,"
                            + " arbitrary element masks are not supported");
                }
            }
        }
        for (ParamSpec spec : trained) {
            for (TensorMask m : cache.masks(spec)) {
                ParamSpec.Source src = spec.sources().stream().filter(x -> x.tensor().equals(m.tensor())).findFirst()
                        .orElseThrow();
                if (m.ones() > 0 && !f.contains(src.tensor())) {
                    throw new LocusException(label + ": has no mask for tensor '" + src.tensor()
                            + "', which the components (" + components + ") train");
                }
            }
        }
    }

    private static byte[] maskOf(List<TensorMask> masks, String tensor) {
        for (TensorMask m : masks) {
            if (m.tensor().equals(tensor)) {
                return m.values();
            }
        }
        throw new IllegalStateException(tensor + " is not among " + masks.size() + " masks of its parameter");
    }

    private static long[] coordinates(long index, long[] shape) {
        long[] at = new long[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = index % shape[d];
            index /= shape[d];
        }
        return at;
    }

    private static float[] floats(byte[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** The masks of the last parameter asked for: its sources are written one after another. */
    private static final class PerParam {
        private final Selection selection;
        private ParamSpec spec;
        private List<TensorMask> masks;

        PerParam(Selection selection) {
            this.selection = selection;
        }

        List<TensorMask> masks(ParamSpec wanted) {
            if (wanted != spec) {
                spec = wanted;
                masks = MaskLayout.masks(wanted, selection.components());
            }
            return masks;
        }
    }
}
