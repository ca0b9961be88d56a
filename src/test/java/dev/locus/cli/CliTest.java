package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.model.LocusModel;
import dev.locus.model.TokenBatch;
import dev.locus.model.hooks.Hooks;
import dev.locus.model.io.NpyArray;
import dev.locus.model.io.NpyReader;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyCheckpoint.Arch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    static Path tmp;
    static Path model;

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void writeModel() {
        model = tmp.resolve("llama");
        TinyCheckpoint.builder(Arch.LLAMA).write(model);
        TinyCheckpoint.writeWordLevelTokenizer(model, TinyCheckpoint.defaultVocab(Arch.LLAMA, 50));
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LocusCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void dtypeChoosesTheComputeType() throws Exception {
        Run half = run("info", "--model", model.toString(), "--json", "--device", "cpu", "--dtype", "float16");
        assertEquals(0, half.code(), half.err());
        JsonNode j = new ObjectMapper().readTree(half.out());
        assertEquals("float16", j.get("compute_dtype").asText());
        assertEquals("F32", j.get("dtype").asText(), "the checkpoint's own dtype, apart");
        Run auto = run("info", "--model", model.toString(), "--json", "--device", "cpu");
        assertEquals("float32", new ObjectMapper().readTree(auto.out()).get("compute_dtype").asText(),
                "auto is float32 on the CPU");
        Run bad = run("info", "--model", model.toString(), "--dtype", "int8");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--dtype int8: expected auto, float32 or float16"), bad.err());
    }

    @Test
    void infoJsonDescribesTheModel() throws Exception {
        Run r = run("info", "--model", model.toString(), "--json", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("LlamaForCausalLM", j.get("architecture").asText());
        assertEquals(2, j.get("layers").asInt());
        assertEquals(4, j.get("heads").asInt());
        assertEquals(2, j.get("kv_heads").asInt());
        assertEquals(32, j.get("d_model").asInt());
        assertEquals(64, j.get("d_mlp").asInt());
        assertEquals(50, j.get("vocab").asInt());
        assertEquals("F32", j.get("dtype").asText());
        assertEquals("cpu", j.get("device").asText());
        // per layer: attention, 4 heads, MLP, and the single matrices W_Q, W_K, W_V, W_O, W_in, W_gate, W_out
        assertEquals(2 * (1 + 4 + 1 + 7), j.get("components").size());
        JsonNode mlp = null;
        for (JsonNode c : j.get("components")) {
            mlp = c.get("id").asText().equals("L0.mlp") ? c : mlp;
        }
        assertNotNull(mlp, "L0.mlp is listed");
        assertEquals("L0.mlp", mlp.get("id").asText());
        assertEquals(3 * 32 * 64, mlp.get("parameters").asLong());
        assertEquals("model.layers.0.mlp.gate_proj.weight", mlp.get("tensors").get(0).asText());
        long expected = 0;
        for (var shape : TinyCheckpoint.load(model).shapes().values()) {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            expected += n;
        }
        assertEquals(expected, j.get("parameters").asLong());
    }

    @Test
    void infoTextNamesTheComponents() {
        Run r = run("info", "--model", model.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("LlamaForCausalLM"));
        assertTrue(r.out().contains("L1.H3"));
    }

    @Test
    void logitsAreWrittenAsNumpyAndMatchTheForwardPass() throws Exception {
        Path ids = tmp.resolve("ids.npy");
        Run r = run("logits", "--model", model.toString(), "--token-ids", "5,6,7,8", "--out", ids.toString());
        assertEquals(0, r.code(), r.err());
        NpyArray a = NpyReader.readFloat32(ids);
        assertArrayEquals(new long[] {4, 50}, a.shape());
        try (LocusModel m = LocusModel.load(model, Device.cpu()); NDManager s = NDManager.newBaseManager()) {
            float[] direct = m.transformer().forward(s, TokenBatch.of(5, 6, 7, 8), Hooks.none()).toFloatArray();
            assertArrayEquals(direct, a.data(), 0f);
            int[] encoded = m.requireTokenizer().encode(String.join(" ", TinyCheckpoint.defaultVocab(Arch.LLAMA, 50).subList(5, 9)));
            assertArrayEquals(new int[] {5, 6, 7, 8}, encoded, "the WordLevel tokenizer maps words to their ids");
        }
        Path text = tmp.resolve("text.npy");
        String prompt = String.join(" ", TinyCheckpoint.defaultVocab(Arch.LLAMA, 50).subList(5, 9));
        assertEquals(0, run("logits", "--model", model.toString(), "--prompt", prompt, "--out", text.toString()).code());
        assertArrayEquals(a.data(), NpyReader.readFloat32(text).data(), 0f, "--prompt and --token-ids agree");
    }

    @Test
    void errorsAreOneLineAndNonZero() {
        Run missing = run("info", "--model", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertEquals("locus: error: --model " + tmp.resolve("nope") + ": no such folder", missing.err().trim());

        Run badId = run("logits", "--model", model.toString(), "--token-ids", "5,999", "--out", tmp.resolve("x.npy").toString());
        assertEquals(1, badId.code());
        assertTrue(badId.err().contains("token id 999 is outside the vocabulary [0, 50)"), badId.err());
        assertFalse(Files.exists(tmp.resolve("x.npy")));

        Run usage = run("logits", "--model", model.toString(), "--token-ids", "1");
        assertEquals(2, usage.code(), "a missing option is a usage error");
        assertTrue(usage.err().contains("--out"), usage.err());

        Run demo = run("info", "--model", "demo", "--device", "cpu");
        if (demo.code() != 0) {
            assertTrue(demo.err().contains("Sports World"), demo.err());
        }
        Run device = run("info", "--model", model.toString(), "--device", "tpu");
        assertEquals(1, device.code());
        assertTrue(device.err().contains("expected auto, cpu or gpu"), device.err());
        for (Run r : new Run[] {missing, badId, device}) {
            assertEquals(1, r.err().trim().lines().count(), "one line: " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"info", "logits", "bench"}) {
            Run r = run(cmd, "--help");
            assertEquals(0, r.code());
            assertTrue(r.out().contains("Usage: locus " + cmd), r.out());
        }
        assertTrue(run("--help").out().contains("logits"));
    }
}
