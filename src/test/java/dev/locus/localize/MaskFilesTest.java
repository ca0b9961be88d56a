package dev.locus.localize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.ModelIdentity;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.model.component.ComponentSet;
import dev.locus.model.io.DType;
import dev.locus.model.io.SafetensorsFile;
import dev.locus.model.io.SafetensorsWriter;
import dev.locus.model.io.TensorData;
import dev.locus.reference.Python;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mask files on real models: tiny Llama (grouped-query attention: 4 heads, 2 key/value heads, d_head 8) and GPT-2
 * (Conv1D weights, biases: d_model 16, 4 heads, d_head 4) checkpoints, and the bundled Sports World model. The
 * safetensors masks are read back with an independent parser, so the layout is checked, not just the round trip.
 */
class MaskFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String Q = "model.layers.1.self_attn.q_proj.weight";
    private static final String K = "model.layers.1.self_attn.k_proj.weight";
    private static final String V = "model.layers.1.self_attn.v_proj.weight";
    private static final String O = "model.layers.1.self_attn.o_proj.weight";
    private static final String C_ATTN = "transformer.h.0.attn.c_attn.weight";
    private static final String C_ATTN_BIAS = "transformer.h.0.attn.c_attn.bias";
    private static final String C_PROJ = "transformer.h.0.attn.c_proj.weight";

    @TempDir
    static Path models;
    @TempDir
    Path dir;

    private static LocusModel llama;
    private static LocusModel gpt2;
    private static LocusModel demo;

    @BeforeAll
    static void load() {
        llama = LocusModel.load(TinyCheckpoint.builder(Arch.LLAMA).write(models.resolve("tiny-llama")).dir(),
                Device.cpu());
        gpt2 = LocusModel.load(TinyCheckpoint.builder(Arch.GPT2).write(models.resolve("tiny-gpt2")).dir(),
                Device.cpu());
        demo = LocusModel.load(Path.of("assets/sports-world"), Device.cpu());
    }

    @AfterAll
    static void close() {
        for (LocusModel m : new LocusModel[] {llama, gpt2, demo}) {
            if (m != null) {
                m.close();
            }
        }
    }

    /** A selection as a strategy would make it, with scores in ranking order (one NaN, one unchosen id). */
    private static Selection select(LocusModel m, String strategy, String... ids) {
        ComponentSet set = ComponentSet.of(m.components(), List.of(ids));
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            scores.put(ids[i], 1.0 / (i + 1));
        }
        scores.put("L0.H1", Double.NaN);
        return new Selection(strategy, set, set.parameterCount(m.components()), "top " + ids.length + " by score",
                scores);
    }

    private static void assertSameSelection(Selection want, Selection got) {
        assertEquals(want.strategy(), got.strategy());
        assertEquals(want.components().ids(), got.components().ids());
        assertEquals(want.components(), got.components());
        assertEquals(want.parameterCount(), got.parameterCount());
        assertEquals(want.rule(), got.rule());
        assertEquals(List.copyOf(want.scores().keySet()), List.copyOf(got.scores().keySet()), "score order");
        assertEquals(want.scores(), got.scores());
    }

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

    // ---- model identity ----

    @Test
    void aMaskForAnotherModelIsRefusedSayingWhatDiffers() {
        Selection s = select(demo, "flu", "L0.mlp");
        MaskFiles.write(dir.resolve("masks"), s, demo);
        for (String file : new String[] {"flu.json", "flu.safetensors"}) {
            Path f = dir.resolve("masks").resolve(file);
            Executable read = file.endsWith(".json") ? () -> MaskFiles.readJson(f, llama)
                    : () -> MaskFiles.readSafetensors(f, llama);
            String model = file.endsWith(".json") ? ": model: " : ": __metadata__.model: ";
            assertLocus(read, file + model + "made for a model with 8 layers", "d_model 128", "(sports-world)",
                    "this model (tiny-llama) has 2 layers", "d_model 32");
        }
        MaskFiles.writeJson(dir.resolve("g.json"), select(gpt2, "g", "L0.mlp"), gpt2);
        assertLocus(() -> MaskFiles.readJson(dir.resolve("g.json"), llama), "g.json: model: made for a model with",
                "architecture GPT2LMHeadModel", "this model (tiny-llama) has architecture LlamaForCausalLM");
    }

    @Test
    void sameDimensionsButOtherTensorsAreRefusedByFingerprint() {
        Path other = TinyCheckpoint.builder(Arch.GPT2).gpt2Prefix(false).write(dir.resolve("no-prefix")).dir();
        MaskFiles.write(dir.resolve("masks"), select(gpt2, "x", "L0.H1"), gpt2);
        try (LocusModel m = LocusModel.load(other, Device.cpu())) {
            assertFalse(ModelIdentity.of(m).fingerprint().equals(ModelIdentity.of(gpt2).fingerprint()));
            assertLocus(() -> MaskFiles.readSafetensors(dir.resolve("masks/x.safetensors"), m), "x.safetensors",
                    "checkpoint fingerprint", "(tiny-gpt2); this model (no-prefix) has fingerprint",
                    "same dimensions");
        }
    }

    @Test
    void aMaskAppliesToAnEditedCopyOfTheSameModel() {
        Path copy = TinyCheckpoint.builder(Arch.LLAMA).seed(7).write(dir.resolve("edited")).dir();
        Selection s = select(llama, "flu", "L0.mlp", "L1.H2");
        MaskFiles.write(dir.resolve("masks"), s, llama);
        try (LocusModel m = LocusModel.load(copy, Device.cpu())) {
            assertEquals(ModelIdentity.of(llama).fingerprint(), ModelIdentity.of(m).fingerprint(),
                    "structure, not weights");
            assertSameSelection(s, MaskFiles.readJson(dir.resolve("masks/flu.json"), m));
            assertSameSelection(s, MaskFiles.readSafetensors(dir.resolve("masks/flu.safetensors"), m));
        }
    }

    // ---- broken JSON ----

    private Path editedJson(Consumer<ObjectNode> edit) throws IOException {
        Path f = dir.resolve("flu.json");
        MaskFiles.writeJson(f, select(llama, "flu", "L0.mlp", "L1.H3"), llama);
        ObjectNode root = (ObjectNode) JSON.readTree(f.toFile());
        edit.accept(root);
        Files.writeString(f, JSON.writeValueAsString(root));
        return f;
    }

    @Test
    void brokenJsonFilesGiveOneLineNamingFileAndField() throws IOException {
        assertJsonError(r -> r.remove("components"), "flu.json: components: is missing");
        assertJsonError(r -> r.put("parameter_count", "12"),
                "flu.json: parameter_count: expected a whole number, got \"12\"");
        assertJsonError(r -> r.put("parameter_count", 5), "flu.json: parameter_count: the components cover ",
                " parameters of this model, got 5");
        assertJsonError(r -> r.putArray("components").add("L0.mlp").add("L9.mlp"),
                "flu.json: components[1]: unknown component 'L9.mlp': this model has layers 0-1");
        assertJsonError(r -> r.putArray("components").add(3), "flu.json: components[0]: expected a string, got 3");
        assertJsonError(r -> r.put("components", "L0.mlp"),
                "flu.json: components: expected an array of component ids, got \"L0.mlp\"");
        assertJsonError(r -> ((ObjectNode) r.get("model")).remove("d_model"), "flu.json: model.d_model: is missing");
        assertJsonError(r -> ((ObjectNode) r.get("model")).put("n_layers", "two"),
                "flu.json: model.n_layers: expected a whole number, got \"two\"");
        assertJsonError(r -> r.remove("model"), "flu.json: model: is missing");
        assertJsonError(r -> r.put("strategy", 4), "flu.json: strategy: expected a string, got 4");
        assertJsonError(r -> r.remove("rule"), "flu.json: rule: is missing");
        assertJsonError(r -> ((ObjectNode) r.get("scores")).put("L0.mlp", "high"),
                "flu.json: scores.L0.mlp: expected a number, got \"high\"");
        assertJsonError(r -> r.put("format_version", 2),
                "flu.json: format_version: this Locus reads version 1 (the file was written by a newer Locus), got 2");
        assertJsonError(r -> r.remove("format"), "flu.json: format: is missing; not a Locus mask file");
    }

    private void assertJsonError(Consumer<ObjectNode> edit, String... fragments) throws IOException {
        Path f = editedJson(edit);
        assertLocus(() -> MaskFiles.readJson(f, llama), fragments);
    }

    @Test
    void unreadableJsonFilesGiveOneLine() throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\n  \"format\" : \"locus-mask\",\n  \"strategy\" : \n");
        assertLocus(() -> MaskFiles.readJson(f, llama), "bad.json: not valid JSON at line");
        Files.writeString(f, "{\"a\": 1, \"a\": 2}");
        assertLocus(() -> MaskFiles.readJson(f, llama), "bad.json: not valid JSON", "Duplicate field 'a'");
        Files.writeString(f, "[1, 2]");
        assertLocus(() -> MaskFiles.readJson(f, llama), "bad.json: not a Locus mask file: expected a JSON object,"
                + " got an array");
        Files.writeString(f, "  ");
        assertLocus(() -> MaskFiles.readJson(f, llama), "bad.json: file is empty");
        Files.write(f, new byte[] {'{', (byte) 0xff, '}'});
        assertLocus(() -> MaskFiles.readJson(f, llama), "bad.json: cannot read: not valid UTF-8 text");
        assertLocus(() -> MaskFiles.readJson(dir.resolve("none.json"), llama), "none.json: cannot read: no such file");
        assertLocus(() -> MaskFiles.readJson(dir, llama), "is a folder");
        assertLocus(() -> MaskFiles.readSafetensors(dir.resolve("none.safetensors"), llama), "none.safetensors");
    }

    // ---- broken safetensors ----

    /** The masks and metadata of a written file, to be changed and written again. */
    private record Parts(Map<String, Raw> tensors, Map<String, String> metadata) {
        void write(Path f) {
            Map<String, TensorData> out = new LinkedHashMap<>();
            tensors.forEach((name, r) -> out.put(name, r.asTensorData()));
            SafetensorsWriter.write(f, out, metadata);
        }
    }

    private Parts parts() throws IOException {
        Path f = dir.resolve("orig.safetensors");
        MaskFiles.writeSafetensors(f, select(llama, "flu", "L1.H3"), llama);
        return new Parts(new LinkedHashMap<>(Raw.read(f)), new LinkedHashMap<>(Raw.metadata(f)));
    }

    @Test
    void masksThatComponentsDoNotMakeAreRefused() throws IOException {
        Path f = dir.resolve("flu.safetensors");
        Parts p = parts();
        p.tensors().get(O).data()[5] = 1; // [0, 5]: head 0's column, not head 3's
        p.write(f);
        assertLocus(() -> MaskFiles.readSafetensors(f, llama), "flu.safetensors: tensor '" + O + "' is 1 at [0, 5]",
                "components (L1.H3) make it 0", "arbitrary element masks are not supported");

        p = parts();
        p.tensors().get(Q).data()[24 * 32] = 2;
        p.write(f);
        assertLocus(() -> MaskFiles.readSafetensors(f, llama), "holds 2 at [24, 0]; a mask holds only 0 and 1");

        p = parts();
        p.tensors().remove(K);
        p.write(f);
        assertLocus(() -> MaskFiles.readSafetensors(f, llama), "has no mask for tensor '" + K + "'");

        p = parts();
        p.tensors().put("lm_head.bias", new Raw("U8", new long[] {50}, new byte[50]));
        p.write(f);
        assertLocus(() -> MaskFiles.readSafetensors(f, llama), "tensor 'lm_head.bias' is not a tensor of this model");

        p = parts();
        p.tensors().put(K, new Raw("U8", new long[] {32, 16}, p.tensors().get(K).data()));
        p.write(f);
        assertLocus(() -> MaskFiles.readSafetensors(f, llama), "tensor '" + K + "' has shape [32, 16]",
                "checkpoint has [16, 32]");

        p = parts();
        Raw k = p.tensors().get(K);
        p.tensors().put(K, new Raw("F32", k.shape(), k.data()));
        p.write(f);
        assertLocus(() -> MaskFiles.readSafetensors(f, llama), "tensor '" + K + "' is F32; a mask is U8");
    }

    @Test
    void allZeroMasksOfUntrainedTensorsAreAccepted() throws IOException {
        Path f = dir.resolve("flu.safetensors");
        Parts p = parts();
        p.tensors().put("model.layers.0.mlp.down_proj.weight", new Raw("U8", new long[] {32, 64}, new byte[32 * 64]));
        p.write(f);
        assertEquals(List.of("L1.H3"), MaskFiles.readSafetensors(f, llama).components().ids());
    }

    @Test
    void brokenMetadataIsNamed() throws IOException {
        Path f = dir.resolve("flu.safetensors");
        Parts p = parts();
        p.metadata().put("note", "free text someone added");
        p.write(f);
        assertEquals(List.of("L1.H3"), MaskFiles.readSafetensors(f, llama).components().ids(),
                "keys Locus does not know are ignored");
        p = parts();
        p.metadata().put("components", "[\"L1.H3\"");
        p.write(f);
        assertLocus(() -> MaskFiles.readSafetensors(f, llama),
                "flu.safetensors: __metadata__.components: not valid JSON: ");
        p = parts();
        p.metadata().remove("model");
        p.write(f);
        assertLocus(() -> MaskFiles.readSafetensors(f, llama), "flu.safetensors: __metadata__.model: is missing");
        p = parts();
        p.metadata().clear();
        p.write(f);
        assertLocus(() -> MaskFiles.readSafetensors(f, llama),
                "flu.safetensors: __metadata__.format: is missing; not a Locus mask file");
    }

    // ---- writing ----

    @Test
    void writingChecksTheSelectionAndItsName() {
        Selection fromDemo = select(demo, "flu", "L0.mlp");
        assertLocus(() -> MaskFiles.writeJson(dir.resolve("a.json"), fromDemo, llama),
                "selection 'flu' was made on another model");
        Selection far = select(demo, "far", "L7.mlp");
        assertLocus(() -> MaskFiles.writeSafetensors(dir.resolve("a.safetensors"), far, llama),
                "selection 'far': unknown component 'L7.mlp'");
        Selection ok = select(llama, "../escape", "L0.mlp");
        assertLocus(() -> MaskFiles.write(dir, ok, llama), "strategy '../escape' cannot name a mask file");
        Selection wrongCount = new Selection("w", ok.components(), 3, "r", Map.of());
        assertThrows(IllegalArgumentException.class,
                () -> MaskFiles.writeJson(dir.resolve("w.json"), wrongCount, llama));
        assertFalse(Files.exists(dir.resolve("a.json")));
        assertFalse(Files.exists(dir.resolve("w.json")));
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

    private static LocusException assertLocus(Executable code, String... fragments) {
        LocusException e = assertThrows(LocusException.class, code);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message lacks '" + f + "': " + e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count(), () -> "not one line: " + e.getMessage());
        return e;
    }

    /** One tensor as the file holds it, parsed here from the format description, independently of Locus. */
    private record Raw(String dtype, long[] shape, byte[] data) {
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

    private static Python.Result python(String script, String... args) {
        return Python.run(script, args);
    }
}
