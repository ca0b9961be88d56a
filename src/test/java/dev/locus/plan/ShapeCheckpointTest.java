package dev.locus.plan;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.cli.LocusCli;
import dev.locus.model.LocusModel;
import dev.locus.model.io.DType;
import dev.locus.model.io.SafetensorsCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `locus make-checkpoint` at a tiny shape: a sharded BF16 folder that loads, with an index naming every tensor. */
class ShapeCheckpointTest {
    static final String TINY = """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64, "intermediate_size": 128,
             "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
             "vocab_size": 512, "max_position_embeddings": 256, "rms_norm_eps": 1e-05, "rope_theta": 10000.0,
             "hidden_act": "silu", "tie_word_embeddings": false}
            """;

    @Test
    void aTinyShapeIsWrittenInShardsThatLoadAndTheIndexNamesEveryTensor(@TempDir Path tmp) throws Exception {
        Path shape = tmp.resolve("tiny.json");
        Files.writeString(shape, TINY);
        Path out = tmp.resolve("tiny");
        String[] result = cli("make-checkpoint", "--shape", shape.toString(), "--dtype", "bf16",
                "--shards", "2", "--seed", "3", "--out", out.toString());
        assertEquals("0", result[0], result[2]);
        assertTrue(result[1].startsWith("wrote " + out + ": LlamaForCausalLM, "), result[1]);
        assertTrue(Files.exists(out.resolve("model-00001-of-00002.safetensors")));
        assertTrue(Files.exists(out.resolve("model-00002-of-00002.safetensors")));
        assertTrue(Files.exists(out.resolve("tokenizer.json")), "Sports World's tokenizer, so prompts encode");
        JsonNode index = new ObjectMapper().readTree(out.resolve("model.safetensors.index.json").toFile());
        Set<String> indexed = new HashSet<>();
        index.get("weight_map").fieldNames().forEachRemaining(indexed::add);
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(out)) {
            assertEquals(ckpt.names(), indexed, "the index names every tensor, and only those");
            assertEquals(DType.BF16, ckpt.dominantDtype());
            assertEquals(ckpt.parameterCount() * 2, index.get("metadata").get("total_size").asLong());
            assertEquals(ModelShape.of(shape.toString()).parameters(), ckpt.parameterCount());
        }
        try (LocusModel m = LocusModel.load(out, Device.cpu())) {
            assertEquals(2, m.config().nLayers());
            float[] logits = m.logits(1, 5, 9);
            assertEquals(3 * 512, logits.length);
            assertTrue(Float.isFinite(logits[0]));
        }
        // seeded: the same seed writes the same bytes
        Path again = tmp.resolve("again");
        cli("make-checkpoint", "--shape", shape.toString(), "--dtype", "bf16", "--shards", "2",
                "--seed", "3", "--out", again.toString());
        assertArrayEquals(Files.readAllBytes(out.resolve("model-00002-of-00002.safetensors")),
                Files.readAllBytes(again.resolve("model-00002-of-00002.safetensors")));
    }

    /** {exit code, stdout, stderr} of the command line. */
    static String[] cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = LocusCli.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void anUnknownShapeNamesTheKnownOnes() {
        String[] r = cli("make-checkpoint", "--shape", "gpt-5", "--out", "/tmp/never");
        assertEquals("1", r[0]);
        assertEquals("locus: error: --shape gpt-5: neither a config.json file nor one of llama-3.2-1b, gemma-2-2b,"
                + " gemma-7b, llama-3-8b, gemma-2-9b", r[2].strip());
    }
}
