package dev.locus.localize;

import static dev.locus.localize.MaskFixtures.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.ModelIdentity;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.reference.Python;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Mask files on real models: tiny Llama (grouped-query attention: 4 heads, 2 key/value heads, d_head 8) and GPT-2
 * (Conv1D weights, biases: d_model 16, 4 heads, d_head 4) checkpoints, and the bundled Sports World model. The
 * safetensors masks are read back with an independent parser, so the layout is checked, not just the round trip.
 */
class MaskFilesTest extends MaskTestModels {

    // ---- round trips ----

    @Test
    void bothFilesRoundTripOnEveryModel() {
        List<Selection> selections = List.of(select(llama, "flu", "L0.mlp", "L1.H3", "L1.attn"),
                select(gpt2, "attribution-patching", "L1.H0", "L0.mlp", "L1.H2"),
                select(demo, "flu", "L0.mlp", "L1.mlp"), select(demo, "heads", "L5.H2", "L7.H0"));
        List<LocusModel> on = List.of(llama, gpt2, demo, demo);
        for (int i = 0; i < selections.size(); i++) {
            Selection s = selections.get(i);
            Path masks = dir.resolve("run" + i).resolve("masks");
            MaskFiles.write(masks, s, on.get(i));
            assertSameSelection(s, MaskFiles.readJson(masks.resolve(s.strategy() + ".json"), on.get(i)));
            assertSameSelection(s, MaskFiles.readSafetensors(masks.resolve(s.strategy() + ".safetensors"), on.get(i)));
        }
    }

    @Test
    void singleMatricesRoundTripAndMaskOnlyTheirTensorsOrColumns() throws IOException {
        List<Selection> selections = List.of(select(llama, "random", "L1.attn.W_K", "L1.mlp.W_gate", "L0.H1"),
                select(gpt2, "random", "L0.attn.W_V", "L1.mlp.W_in"),
                select(demo, "random", "L3.attn.W_O", "L2.mlp.W_in", "L5.attn.W_Q", "L5.attn"));
        List<LocusModel> on = List.of(llama, gpt2, demo);
        for (int i = 0; i < selections.size(); i++) {
            Selection s = selections.get(i);
            Path masks = dir.resolve("matrices" + i).resolve("masks");
            MaskFiles.write(masks, s, on.get(i));
            assertSameSelection(s, MaskFiles.readJson(masks.resolve("random.json"), on.get(i)));
            assertSameSelection(s, MaskFiles.readSafetensors(masks.resolve("random.safetensors"), on.get(i)));
            assertEquals(s.parameterCount(), ones(Raw.read(masks.resolve("random.safetensors"))));
        }
        // the bundled model: W_O (128 x 128) and up (128 x 512); W_Q inside L5.attn adds nothing
        assertEquals(128 * 128 + 128 * 512 + 4 * 128 * 128, selections.get(2).parameterCount());
        // Llama: k_proj and gate_proj whole, nothing of up_proj
        Path f = dir.resolve("k-gate.safetensors");
        MaskFiles.writeSafetensors(f, select(llama, "k-gate", "L1.attn.W_K", "L1.mlp.W_gate"), llama);
        Map<String, Raw> t = Raw.read(f);
        assertEquals(List.of(K, "model.layers.1.mlp.gate_proj.weight"), List.copyOf(t.keySet()));
        assertEquals(16 * 32 + 64 * 32, ones(t), "the kv-sized k_proj [16, 32] and gate_proj [64, 32], all ones");
        // GPT-2's fused c_attn: W_V is its last d_model columns, and no bias
        Path g = dir.resolve("v.safetensors");
        MaskFiles.writeSafetensors(g, select(gpt2, "v", "L0.attn.W_V"), gpt2);
        Map<String, Raw> u = Raw.read(g);
        assertEquals(List.of(C_ATTN), List.copyOf(u.keySet()));
        for (int c = 0; c < 48; c++) {
            assertEquals(c >= 32 ? 1 : 0, u.get(C_ATTN).at(3, c), "c_attn column " + c);
        }
        assertEquals(16 * 16, ones(u));
    }

    @Test
    void jsonIsPrettyAndHoldsTheDocumentedFields() throws IOException {
        Path f = dir.resolve("flu.json");
        Selection s = select(demo, "flu", "L0.mlp", "L1.mlp");
        MaskFiles.writeJson(f, s, demo);
        String text = Files.readString(f);
        assertTrue(text.contains("\n  \"strategy\" : \"flu\""), text);
        JsonNode root = JSON.readTree(text);
        assertEquals("locus-mask", root.get("format").asText());
        assertEquals(1, root.get("format_version").asInt());
        assertEquals(List.of("L0.mlp", "L1.mlp"), List.of(root.get("components").get(0).asText(),
                root.get("components").get(1).asText()));
        assertEquals(2L * 3 * 128 * 512, root.get("parameter_count").asLong(), "gate, up and down of two layers");
        assertEquals("top 2 by score", root.get("rule").asText());
        assertEquals(1.0, root.get("scores").get("L0.mlp").asDouble());
        JsonNode model = root.get("model");
        assertEquals("sports-world", model.get("name").asText());
        assertEquals("LlamaForCausalLM", model.get("architecture").asText());
        assertEquals(8, model.get("n_layers").asInt());
        assertEquals(4, model.get("n_heads").asInt());
        assertEquals(4, model.get("n_kv_heads").asInt());
        assertEquals(128, model.get("d_model").asInt());
        assertEquals(512, model.get("d_mlp").asInt());
        assertEquals(471, model.get("vocab_size").asInt());
        assertTrue(model.get("fingerprint").asText().matches("[0-9a-f]{64}"));
    }

    // ---- the safetensors layout ----

    @Test
    void llamaHeadMaskCoversItsRowsOfQkvAndItsColumnsOfO() throws IOException {
        Path f = dir.resolve("h3.safetensors");
        Selection s = select(llama, "h3", "L1.H3");
        MaskFiles.writeSafetensors(f, s, llama);
        Map<String, Raw> t = Raw.read(f);
        assertEquals(List.of(Q, K, V, O), List.copyOf(t.keySet()), "only the attention tensors of layer 1");
        for (Raw r : t.values()) {
            assertEquals("U8", r.dtype());
        }
        assertArrayEquals(new long[] {32, 32}, t.get(Q).shape());
        assertArrayEquals(new long[] {16, 32}, t.get(K).shape(), "[n_kv_heads * d_head, d_model]");
        assertArrayEquals(new long[] {32, 32}, t.get(O).shape());
        // q_proj is [out, in]: head 3 owns output rows 24..31, every input column.
        assertEquals(1, t.get(Q).at(24, 0));
        assertEquals(1, t.get(Q).at(31, 31));
        assertEquals(0, t.get(Q).at(23, 5));
        assertTrue(t.get(Q).onlyRows(24, 32));
        // Head 3 is in group 3 / (4 / 2) = 1: key/value head 1, rows 8..15 of k_proj and v_proj.
        assertEquals(0, t.get(K).at(7, 3));
        assertEquals(1, t.get(K).at(8, 3));
        assertTrue(t.get(K).onlyRows(8, 16));
        assertTrue(t.get(V).onlyRows(8, 16));
        // o_proj is [d_model, n_heads * d_head]: head 3 owns input columns 24..31 in every row.
        assertEquals(1, t.get(O).at(0, 24));
        assertEquals(0, t.get(O).at(0, 23));
        assertTrue(t.get(O).onlyColumns(24, 32));
        assertEquals(s.parameterCount(), ones(t));
        assertEquals(8 * 32 * 3 + 32 * 8, s.parameterCount());
    }

    @Test
    void headsOfOneGroupShareTheirKeyValueRowsOnce() throws IOException {
        Path f = dir.resolve("group.safetensors");
        Selection s = select(llama, "group", "L1.H0", "L1.H1");
        MaskFiles.writeSafetensors(f, s, llama);
        Map<String, Raw> t = Raw.read(f);
        assertTrue(t.get(Q).onlyRows(0, 16));
        assertTrue(t.get(K).onlyRows(0, 8), "heads 0 and 1 both use key/value head 0");
        assertTrue(t.get(V).onlyRows(0, 8));
        assertTrue(t.get(O).onlyColumns(0, 16));
        assertEquals(s.parameterCount(), ones(t));
        assertEquals(16 * 32 + 2 * 8 * 32 + 32 * 16, s.parameterCount());
    }

    @Test
    void gpt2HeadMaskCoversItsColumnsOfTheConv1DWeights() throws IOException {
        Path f = dir.resolve("gpt2.safetensors");
        Selection s = select(gpt2, "h2", "L0.H2");
        MaskFiles.writeSafetensors(f, s, gpt2);
        Map<String, Raw> t = Raw.read(f);
        assertEquals(List.of(C_ATTN, C_ATTN_BIAS, C_PROJ), List.copyOf(t.keySet()),
                "c_proj.bias is shared by every head, so a head does not train it");
        // c_attn is Conv1D [in, 3 * d_model], not transposed: head 2's q, k and v are columns 8..11, 24..27, 40..43.
        Raw w = t.get(C_ATTN);
        assertArrayEquals(new long[] {16, 48}, w.shape());
        for (int c = 0; c < 48; c++) {
            int expected = (c % 16) >= 8 && (c % 16) < 12 ? 1 : 0;
            for (int r = 0; r < 16; r++) {
                assertEquals(expected, w.at(r, c), "c_attn [" + r + ", " + c + "]");
            }
            assertEquals(expected, t.get(C_ATTN_BIAS).data()[c], "c_attn.bias " + c);
        }
        // c_proj is Conv1D [in, out]: head 2's input rows 8..11.
        assertTrue(t.get(C_PROJ).onlyRows(8, 12));
        assertEquals(3 * (16 * 4 + 4) + 4 * 16, s.parameterCount());
        assertEquals(s.parameterCount(), ones(t));
    }

    @Test
    void onesCountTheSelectionsParametersWithBiasesAndOverlaps() throws IOException {
        record Case(LocusModel model, Selection selection) {
        }
        List<Case> cases = List.of(
                new Case(gpt2, select(gpt2, "attn", "L0.attn")),
                new Case(gpt2, select(gpt2, "mixed", "L1.mlp", "L1.H1")),
                new Case(gpt2, select(gpt2, "nested", "L0.attn", "L0.H1", "L0.H3")), // heads inside their attention
                new Case(gpt2, select(gpt2, "all", gpt2.components().asMap().keySet().toArray(String[]::new))),
                new Case(llama, select(llama, "heads", "L0.H0", "L0.H1", "L0.H2", "L1.mlp")),
                new Case(llama, select(llama, "all", llama.components().asMap().keySet().toArray(String[]::new))));
        for (Case c : cases) {
            Path f = dir.resolve(c.model().folder().getFileName() + "-" + c.selection().strategy() + ".safetensors");
            MaskFiles.writeSafetensors(f, c.selection(), c.model());
            assertEquals(c.selection().parameterCount(), ones(Raw.read(f)), f.getFileName().toString());
        }
        assertEquals(16 * 48 + 48 + 16 * 16 + 16, cases.get(0).selection().parameterCount(),
                "c_attn, c_proj and both biases");
        assertEquals(cases.get(0).selection().parameterCount(), cases.get(2).selection().parameterCount(),
                "heads inside their layer's attention add nothing");
    }

    @Test
    void mlpMasksAreWholeTensorsInTheCheckpointShape() throws IOException {
        Path f = dir.resolve("mlp.safetensors");
        MaskFiles.writeSafetensors(f, select(llama, "mlp", "L1.mlp"), llama);
        Map<String, Raw> t = Raw.read(f);
        assertEquals(List.of("model.layers.1.mlp.gate_proj.weight", "model.layers.1.mlp.up_proj.weight",
                "model.layers.1.mlp.down_proj.weight"), List.copyOf(t.keySet()));
        assertArrayEquals(new long[] {64, 32}, t.get("model.layers.1.mlp.gate_proj.weight").shape());
        assertArrayEquals(new long[] {32, 64}, t.get("model.layers.1.mlp.down_proj.weight").shape(),
                "[d_model, d_mlp], as the checkpoint stores it");
        assertEquals(3 * 64 * 32, ones(t));
    }

    @Test
    void metadataHoldsTheJsonFieldsAsStrings() throws IOException {
        Path f = dir.resolve("meta.safetensors");
        Selection s = select(llama, "flu", "L0.mlp", "L1.H3");
        MaskFiles.writeSafetensors(f, s, llama);
        Map<String, String> meta = Raw.metadata(f);
        assertEquals("flu", meta.get("strategy"));
        assertEquals("[\"L0.mlp\",\"L1.H3\"]", meta.get("components"));
        assertEquals(Long.toString(s.parameterCount()), meta.get("parameter_count"));
        assertEquals("locus-mask", meta.get("format"));
        JsonNode model = JSON.readTree(meta.get("model"));
        assertEquals("tiny-llama", model.get("name").asText());
        assertEquals(2, model.get("n_kv_heads").asInt());
        assertEquals(ModelIdentity.of(llama).fingerprint(), model.get("fingerprint").asText());
    }

    // ---- Python ----

    @Test
    void numpyReadsTheMaskFollowingTheFormat() {
        assumeTrue(python("import numpy").exitCode() == 0, "python3 with numpy is not installed");
        Path f = dir.resolve("flu.safetensors");
        Selection s = select(llama, "flu", "L0.mlp", "L1.H3");
        MaskFiles.writeSafetensors(f, s, llama);
        Python.Result r = python("import sys, json, struct, numpy as np\n"
                + "b = open(sys.argv[1], 'rb').read()\n"
                + "n = struct.unpack('<Q', b[:8])[0]\n"
                + "h = json.loads(b[8:8 + n])\n"
                + "meta = h.pop('__metadata__')\n"
                + "total = 0\n"
                + "for k, v in h.items():\n"
                + "    assert v['dtype'] == 'U8'\n"
                + "    a = np.frombuffer(b[8 + n + v['data_offsets'][0]:8 + n + v['data_offsets'][1]], np.uint8)\n"
                + "    total += int(a.reshape(v['shape']).sum())\n"
                + "print(total, json.loads(meta['components']), meta['strategy'])\n", f.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(s.parameterCount() + " ['L0.mlp', 'L1.H3'] flu", r.output());
    }

    @Test
    void pythonSafetensorsLoadsTheMask() {
        assumeTrue(python("from safetensors.numpy import load_file").exitCode() == 0,
                "python3 with safetensors is not installed");
        Path f = dir.resolve("flu.safetensors");
        Selection s = select(llama, "flu", "L1.H3");
        MaskFiles.writeSafetensors(f, s, llama);
        Python.Result r = python("import sys, json\n"
                + "from safetensors.numpy import load_file\n"
                + "from safetensors import safe_open\n"
                + "t = load_file(sys.argv[1])\n"
                + "q = t['" + Q + "']\n"
                + "print(sorted(t), str(q.dtype), list(q.shape), int(q[24:].sum()), int(q[:24].sum()),"
                + " sum(int(v.sum()) for v in t.values()))\n"
                + "with safe_open(sys.argv[1], framework='np') as g:\n"
                + "    print(json.loads(g.metadata()['model'])['name'])\n", f.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals(List.of("['" + K + "', '" + O + "', '" + Q + "', '" + V + "'] uint8 [32, 32] 256 0 "
                + s.parameterCount(), "tiny-llama"), r.output().lines().toList());
    }

    // ---- helpers ----

    private static long ones(Map<String, Raw> tensors) {
        long n = 0;
        for (Raw r : tensors.values()) {
            for (byte b : r.data()) {
                n += b;
            }
        }
        return n;
    }

    private static Python.Result python(String script, String... args) {
        return Python.run(script, args);
    }
}
