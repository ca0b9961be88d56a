package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentSet;
import dev.locus.model.io.DType;
import dev.locus.model.io.SafetensorsFile;
import dev.locus.model.io.TensorData;
import dev.locus.reference.TinyCheckpoint.Arch;
import dev.locus.reference.TinyCheckpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/**
 * What the mask file tests share: names of real checkpoint tensors, selections as strategies make them, and an
 * independent safetensors parser.
 */
final class MaskFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String Q = "model.layers.1.self_attn.q_proj.weight";
    static final String K = "model.layers.1.self_attn.k_proj.weight";
    static final String V = "model.layers.1.self_attn.v_proj.weight";
    static final String O = "model.layers.1.self_attn.o_proj.weight";
    static final String C_ATTN = "transformer.h.0.attn.c_attn.weight";
    static final String C_ATTN_BIAS = "transformer.h.0.attn.c_attn.bias";
    static final String C_PROJ = "transformer.h.0.attn.c_proj.weight";

    private MaskFixtures() {
    }

    /** A selection as a strategy would make it, with scores in ranking order (one NaN, one unchosen id). */
    static Selection select(LocusModel m, String strategy, String... ids) {
        ComponentSet set = ComponentSet.of(m.components(), List.of(ids));
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            scores.put(ids[i], 1.0 / (i + 1));
        }
        scores.put("L0.H1", Double.NaN);
        return new Selection(strategy, set, set.parameterCount(m.components()), "top " + ids.length + " by score",
                scores);
    }

    static void assertSameSelection(Selection want, Selection got) {
        assertEquals(want.strategy(), got.strategy());
        assertEquals(want.components().ids(), got.components().ids());
        assertEquals(want.components(), got.components());
        assertEquals(want.parameterCount(), got.parameterCount());
        assertEquals(want.rule(), got.rule());
        assertEquals(List.copyOf(want.scores().keySet()), List.copyOf(got.scores().keySet()), "score order");
        assertEquals(want.scores(), got.scores());
    }

    static LocusException assertLocus(Executable code, String... fragments) {
        LocusException e = assertThrows(LocusException.class, code);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count(), () -> "not one line: " + e.getMessage());
        return e;
    }

    /** One tensor as the file holds it, parsed here from the format description, independently of Locus. */
    record Raw(String dtype, long[] shape, byte[] data) {
        static Map<String, Raw> read(Path f) throws IOException {
            byte[] all = Files.readAllBytes(f);
            long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            JsonNode header = JSON.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
            Map<String, Raw> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : header.properties()) {
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode t = e.getValue();
                long[] shape = new long[t.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.get("shape").get(i).asLong();
                }
                int begin = 8 + (int) n + t.get("data_offsets").get(0).asInt();
                int end = 8 + (int) n + t.get("data_offsets").get(1).asInt();
                out.put(e.getKey(), new Raw(t.get("dtype").asText(), shape, Arrays.copyOfRange(all, begin, end)));
            }
            return out;
        }

        static Map<String, String> metadata(Path f) {
            try (SafetensorsFile st = SafetensorsFile.open(f)) {
                return st.metadata();
            }
        }

        int at(int row, int column) {
            return data[(int) (row * shape[1] + column)];
        }

        boolean onlyRows(int from, int to) {
            for (int r = 0; r < shape[0]; r++) {
                for (int c = 0; c < shape[1]; c++) {
                    if (at(r, c) != (r >= from && r < to ? 1 : 0)) {
                        return false;
                    }
                }
            }
            return true;
        }

        boolean onlyColumns(int from, int to) {
            for (int r = 0; r < shape[0]; r++) {
                for (int c = 0; c < shape[1]; c++) {
                    if (at(r, c) != (c >= from && c < to ? 1 : 0)) {
                        return false;
                    }
                }
            }
            return true;
        }

        TensorData asTensorData() {
            if (dtype.equals("F32")) {
                float[] v = new float[data.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = data[i];
                }
                return TensorData.of(DType.F32, shape, v);
            }
            float[] v = new float[data.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Byte.toUnsignedInt(data[i]);
            }
            return TensorData.of(DType.valueOf(dtype), shape, v);
        }
    }

    /** The three models the mask tests load once per class: a tiny Llama, a tiny GPT-2 and the bundled demo. */
    record Models(LocusModel llama, LocusModel gpt2, LocusModel demo) implements AutoCloseable {
        static Models load(Path dir) {
            return new Models(LocusModel.load(TinyCheckpoint.builder(Arch.LLAMA).write(dir.resolve("tiny-llama")).dir(),
                    Device.cpu()), LocusModel.load(TinyCheckpoint.builder(Arch.GPT2).write(dir.resolve("tiny-gpt2")).dir(),
                    Device.cpu()), LocusModel.load(Path.of("assets/sports-world"), Device.cpu()));
        }

        @Override
        public void close() {
            for (LocusModel m : new LocusModel[] {llama, gpt2, demo}) {
                m.close();
            }
        }
    }
}
