package dev.locus.localize;

import static dev.locus.localize.MaskFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Device;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.ModelIdentity;
import dev.locus.localize.select.Selection;
import dev.locus.model.LocusModel;
import dev.locus.model.io.SafetensorsWriter;
import dev.locus.model.io.TensorData;
import dev.locus.reference.TinyCheckpoint.Arch;
import dev.locus.reference.TinyCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Mask files that cannot be loaded or written: made for another model, broken JSON, broken safetensors masks and
 * metadata, selections that do not belong to the model; each is one line naming the file and the field.
 */
class MaskFileErrorsTest extends MaskTestModels {

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
        assertJsonError(r -> r.putArray("components").add("L0.mlp.W_up"),
                "flu.json: components[0]: unknown component 'L0.mlp.W_up'", "matrices W_Q W_K W_V W_O W_in W_gate W_out");
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
}
