package dev.locus.model;

import static dev.locus.reference.TinyLlamaLikes.Arch.MISTRAL;
import static dev.locus.reference.TinyLlamaLikes.Arch.QWEN2;
import static dev.locus.reference.TinyLlamaLikes.Arch.QWEN3;
import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.reference.SafetensorsFile;
import dev.locus.reference.TinyCheckpoint.Arch;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyNeoxPhi;
import dev.locus.reference.TinyLlamaLikes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every broken model folder gives one clear LocusException naming the file and the problem. */
class ModelLoadingErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** A named way to break a valid Llama folder, and what the message must say. */
    record Breakage(String name, Consumer<Path> breakIt, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> breakages() {
        return Stream.of(
                b("config is not JSON", dir -> write(dir.resolve("config.json"), "{ \"hidden_size\": 32,"),
                        "config.json", "not valid JSON"),
                b("config lacks a field", dir -> editConfig(dir, c -> c.remove("num_hidden_layers")),
                        "config.json: num_hidden_layers: is missing"),
                b("config has zero heads", dir -> editConfig(dir, c -> c.put("num_attention_heads", 0)),
                        "config.json: num_attention_heads: must be at least 1, got 0"),
                b("kv heads do not divide heads", dir -> editConfig(dir, c -> c.put("num_key_value_heads", 3)),
                        "config.json: num_key_value_heads: must divide num_attention_heads (4), got 3"),
                b("unsupported architecture", dir -> editConfig(dir, c -> c.putArray("architectures").add("MambaForCausalLM")),
                        "config.json: architectures: \"MambaForCausalLM\" is not supported; Locus runs"),
                b("config asks for more layers than the checkpoint has",
                        dir -> editConfig(dir, c -> c.put("num_hidden_layers", 3)),
                        "missing tensor 'model.layers.2."),
                b("shape does not match the config", dir -> editConfig(dir, c -> c.put("intermediate_size", 65)),
                        "gate_proj.weight", "has shape [64, 32]", "implies [65, 32]"),
                b("non-finite weight", ModelLoadingErrorsTest::poisonWithNaN, "model.safetensors", "non-finite"),
                b("truncated safetensors", dir -> truncate(dir.resolve("model.safetensors"), 200),
                        "model.safetensors"),
                b("broken tokenizer.json", dir -> write(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Nope\"}}"),
                        "tokenizer.json", "not a valid tokenizer.json"),
                b("config.json missing", dir -> delete(dir.resolve("config.json")),
                        "config.json: cannot read: no such file (a model folder needs config.json)"),
                b("only a pickle checkpoint", dir -> {
                    delete(dir.resolve("model.safetensors"));
                    write(dir.resolve("pytorch_model.bin"), "not really a pickle");
                }, "pytorch_model.bin", "unpickling"));
    }

    private static Arguments b(String name, Consumer<Path> breakIt, String... expected) {
        return Arguments.of(new Breakage(name, breakIt, List.of(expected)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void brokenFolderGivesOneClearMessage(Breakage breakage) {
        Path dir = tmp.resolve("model");
        TinyCheckpoint.builder(Arch.LLAMA).write(dir);
        TinyCheckpoint.writeWordLevelTokenizer(dir, TinyCheckpoint.defaultVocab(Arch.LLAMA, 50));
        breakage.breakIt().accept(dir);
        LocusException e = assertThrows(LocusException.class, () -> LocusModel.load(dir, Device.cpu()).close());
        for (String part : breakage.expected()) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should mention '" + part + "'");
        }
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /** GPT-NeoX and Phi-3 config fields Locus cannot run: one line naming the field. */
    static Stream<Arguments> neoxAndPhi3Breakages() {
        ObjectMapper m = JSON;
        return Stream.of(
                Arguments.of("neox", "rotary_pct above 1", (Consumer<ObjectNode>) c -> c.put("rotary_pct", 1.5),
                        "config.json: rotary_pct: must be above 0 and at most 1, got 1.5"),
                Arguments.of("neox", "rotary_pct turning an odd number of dimensions",
                        (Consumer<ObjectNode>) c -> c.put("rotary_pct", 0.125),
                        "config.json: rotary_pct: must turn an even, non-zero number of each head's 8 dimensions, "
                                + "got 0.125 (1 dimensions)"),
                Arguments.of("neox", "dynamic rope scaling", (Consumer<ObjectNode>) c -> c.set("rope_scaling",
                        m.createObjectNode().put("type", "dynamic").put("factor", 2.0)),
                        "config.json: rope_scaling.type: must be linear (or default) for GPT-NeoX in Locus, "
                                + "got \"dynamic\""),
                Arguments.of("phi3", "LongRoPE factors of the wrong length", (Consumer<ObjectNode>) c -> c.set(
                        "rope_scaling", longRope(m, "longrope", 3)),
                        "config.json: rope_scaling.short_factor: must have 4 numbers (half the rotated head width), got 3"),
                Arguments.of("phi3", "a LongRoPE factor of 0", (Consumer<ObjectNode>) c -> {
                    ObjectNode s = longRope(m, "su", 4);
                    ((com.fasterxml.jackson.databind.node.ArrayNode) s.get("long_factor")).set(2, 0.0);
                    c.set("rope_scaling", s);
                }, "config.json: rope_scaling.long_factor[2]: must be a number above 0, got 0.0"),
                Arguments.of("phi3", "rope scaling Phi-3 does not know", (Consumer<ObjectNode>) c -> c.set("rope_scaling",
                        m.createObjectNode().put("type", "dynamic").put("factor", 2.0)),
                        "config.json: rope_scaling.type: must be default or longrope (su), got \"dynamic\""),
                Arguments.of("phi3", "partial_rotary_factor 0", (Consumer<ObjectNode>) c -> c.put("partial_rotary_factor", 0),
                        "config.json: partial_rotary_factor: must be above 0 and at most 1, got 0"));
    }

    private static ObjectNode longRope(ObjectMapper m, String type, int count) {
        ObjectNode s = m.createObjectNode().put("type", type);
        for (String f : List.of("short_factor", "long_factor")) {
            for (int i = 0; i < count; i++) {
                s.withArray(f).add(1.0);
            }
        }
        return s;
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("neoxAndPhi3Breakages")
    void neoxAndPhi3ConfigsLocusCannotRunAreOneLineNamingTheField(String arch, String name, Consumer<ObjectNode> edit,
                                                                  String expected) {
        Path dir = tmp.resolve("model");
        (arch.equals("neox") ? TinyNeoxPhi.neox() : TinyNeoxPhi.phi3()).write(dir);
        editConfig(dir, edit);
        LocusException e = assertThrows(LocusException.class, () -> LocusModel.load(dir, Device.cpu()).close());
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    /** Breakages of the Llama-like architectures' own fields: one line naming config.json and the field. */
    static Stream<Arguments> llamaLikeBreakages() {
        return Stream.of(
                Arguments.of("qwen2 layer_types of the wrong length", TinyLlamaLikes.builder(QWEN2)
                        .slidingWindow(3).useSlidingWindow(1).layerTypes(List.of("sliding_attention")),
                        List.of("config.json: layer_types: must name one type for each of the 2 layers, got 1")),
                Arguments.of("qwen2 layer_types naming an unknown kind", TinyLlamaLikes.builder(QWEN2)
                        .slidingWindow(3).useSlidingWindow(1).layerTypes(List.of("full_attention", "chunked_attention")),
                        List.of("config.json: layer_types: entry 1 must be full_attention or sliding_attention, got "
                                + "\"chunked_attention\"")),
                Arguments.of("mistral sliding_window 0", TinyLlamaLikes.builder(MISTRAL).slidingWindow(0),
                        List.of("config.json: sliding_window: must be at least 1, got 0")),
                Arguments.of("qwen3 yarn rope scaling", TinyLlamaLikes.builder(QWEN3),
                        List.of("config.json: rope_scaling.rope_type: must be one of linear, llama3", "yarn")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("llamaLikeBreakages")
    void llamaLikeConfigErrorsNameTheField(String name, TinyLlamaLikes.Builder builder, List<String> expected) {
        Path dir = tmp.resolve("model");
        builder.write(dir);
        if (name.contains("yarn")) {
            editConfig(dir, c -> c.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0));
        }
        LocusException e = assertThrows(LocusException.class, () -> LocusModel.load(dir, Device.cpu()).close());
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should mention '" + part + "'");
        }
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void aQwen3FolderLabelledOlmo2IsRefusedForTheNormsOlmo2Needs() {
        // Same projections, but OLMo-2 normalizes after each sublayer (post_feedforward_layernorm), Qwen3 before.
        Path dir = tmp.resolve("model");
        TinyLlamaLikes.builder(QWEN3).write(dir);
        editConfig(dir, c -> {
            c.putArray("architectures").add("Olmo2ForCausalLM");
            c.put("model_type", "olmo2");
        });
        LocusException e = assertThrows(LocusException.class, () -> LocusModel.load(dir, Device.cpu()).close());
        assertEquals("model: missing tensor 'model.layers.0.post_feedforward_layernorm.weight' and 1 more that "
                + "Olmo2ForCausalLM with 2 layers needs", e.getMessage());
    }

    @Test
    void anUnsupportedArchitectureNamesEverySupportedOne() {
        Path dir = tmp.resolve("model");
        TinyCheckpoint.builder(Arch.LLAMA).write(dir);
        editConfig(dir, c -> {
            c.putArray("architectures").add("MambaForCausalLM");
            c.put("model_type", "mamba");
        });
        LocusException e = assertThrows(LocusException.class, () -> LocusModel.load(dir, Device.cpu()).close());
        assertTrue(e.getMessage().startsWith("config.json: architectures: \"MambaForCausalLM\" is not supported; "
                + "Locus runs "), e.getMessage());
        for (String supported : List.of("GPT2LMHeadModel", "LlamaForCausalLM", "GemmaForCausalLM",
                "Gemma2ForCausalLM", "Qwen2ForCausalLM", "Qwen3ForCausalLM", "MistralForCausalLM",
                "Olmo2ForCausalLM")) {
            assertTrue(e.getMessage().contains(supported), e.getMessage() + " should name " + supported);
        }
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void aDamagedTokenizerIsOneLineNotACrashOfTheJvm() throws Exception {
        // Found by fuzzing: given this truncated file, HF tokenizers panicked in native code and aborted the process.
        String valid = Files.readString(Bundled.sportsWorld().resolve("tokenizer.json"));
        Path file = tmp.resolve("tokenizer.json");
        Files.writeString(file, valid.substring(0, 1654) + ",,," + valid.substring(1654, 2900));
        LocusException e = assertThrows(LocusException.class, () -> TextTokenizer.load(file));
        assertTrue(e.getMessage().startsWith(file + ": not valid JSON at line "), e.getMessage());
        Files.writeString(file, "{\"model\": {\"type\": \"WordLevel\"}, \"decoder\": {\"prefix\": \"##\"}}");
        assertEquals(file + ": decoder must be null or an object with a \"type\"",
                assertThrows(LocusException.class, () -> TextTokenizer.load(file)).getMessage());
    }

    @Test
    void emptyFolderIsNamed() {
        LocusException e = assertThrows(LocusException.class, () -> LocusModel.load(tmp, Device.cpu()));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void loadingNeverWritesToTheModelFolder() throws IOException {
        Path dir = tmp.resolve("model");
        TinyCheckpoint.builder(Arch.GEMMA2).sharded(true).write(dir);
        TinyCheckpoint.writeWordLevelTokenizer(dir, TinyCheckpoint.defaultVocab(Arch.GEMMA2, 50));
        String before = listing(dir);
        dir.toFile().setWritable(false);
        try {
            LocusModel.load(dir, Device.cpu()).close();
        } finally {
            dir.toFile().setWritable(true);
        }
        assertEquals(before, listing(dir));
    }

    private static String listing(Path dir) throws IOException {
        StringBuilder s = new StringBuilder();
        try (Stream<Path> files = Files.list(dir).sorted()) {
            for (Path f : (Iterable<Path>) files::iterator) {
                s.append(f.getFileName()).append(' ').append(Files.size(f)).append(' ')
                        .append(Files.getLastModifiedTime(f)).append('\n');
            }
        }
        return s.toString();
    }

    private static void poisonWithNaN(Path dir) {
        try {
            Path file = dir.resolve("model.safetensors");
            SafetensorsFile.Entry e = SafetensorsFile.readHeader(file).entries().get("model.layers.1.mlp.down_proj.weight");
            long at = SafetensorsFile.readHeader(file).dataStart() + e.begin() + 4 * 7;
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.seek(at);
                raf.write(new byte[] {0, 0, (byte) 0xc0, 0x7f});   // float NaN, little-endian
            }
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void editConfig(Path dir, Consumer<ObjectNode> edit) {
        try {
            ObjectNode c = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
            edit.accept(c);
            JSON.writeValue(dir.resolve("config.json").toFile(), c);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void truncate(Path file, long size) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
