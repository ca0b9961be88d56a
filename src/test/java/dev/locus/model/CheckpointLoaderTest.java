package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.JsonObject;
import dev.locus.model.arch.ArchitectureAdapter;
import dev.locus.model.arch.Architectures;
import dev.locus.model.config.ConfigJson;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamNames;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.io.SafetensorsCheckpoint;
import dev.locus.reference.TinyCheckpoint.Arch;
import dev.locus.reference.TinyCheckpoint;
import dev.locus.reference.TinyNeoxPhi;
import dev.locus.reference.SafetensorsFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void tensorsReadInRowChunksEqualWholeReads() {
        TinyCheckpoint.Model ckpt = TinyCheckpoint.builder(Arch.GEMMA2).dtype("BF16").sharded(true).write(tmp);
        JsonObject json = ConfigJson.read(tmp.resolve("config.json"));
        ArchitectureAdapter adapter = Architectures.of(json);
        ModelConfig config = adapter.config(json);
        try (SafetensorsCheckpoint files = SafetensorsCheckpoint.open(tmp)) {
            List<ParamSpec> specs = adapter.params(config, files::contains);
            try (ModelWeights whole = CheckpointLoader.load(files, specs, Device.cpu(), DataType.FLOAT32);
                 ModelWeights chunked = CheckpointLoader.load(files, specs, Device.cpu(), DataType.FLOAT32, 64)) {
                for (String name : whole.names()) {
                    assertArrayEquals(whole.get(name).toFloatArray(), chunked.get(name).toFloatArray(), 0f, name);
                }
                // the embedding, read in 64-byte chunks, is the checkpoint's values
                double[] expected = ckpt.weight("model.embed_tokens.weight");
                float[] got = chunked.get(ParamNames.EMBED).toFloatArray();
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], got[i], 0.0);
                }
                // q_proj [out, in] is stored transposed into the first columns of W_QKV [in, ...]
                double[] q = ckpt.weight("model.layers.0.self_attn.q_proj.weight");   // [32, 24]
                float[] qkv = whole.get(ParamNames.wQkv(0)).toFloatArray();          // [24, 32 + 16 + 16]
                int in = config.dModel();
                int cols = (config.nHeads() + 2 * config.nKvHeads()) * config.dHead();
                for (int o = 0; o < config.nHeads() * config.dHead(); o++) {
                    for (int i = 0; i < in; i++) {
                        assertEquals(q[o * in + i], qkv[i * cols + o], 0.0);
                    }
                }
            }
        }
    }

    /**
     * GPT-NeoX's query_key_value rows are stored head by head; loading reorders them (whole or in row chunks) and
     * saving puts them back, so a loaded and saved model is its checkpoint, tensor for tensor.
     */
    @Test
    void headByHeadRowsAreReorderedOnLoadAndRestoredOnSave() throws Exception {
        TinyCheckpoint.Model ckpt = TinyNeoxPhi.neox().attnBuffers(true).write(tmp.resolve("neox"));
        JsonObject json = ConfigJson.read(ckpt.dir().resolve("config.json"));
        ArchitectureAdapter adapter = Architectures.of(json);
        ModelConfig config = adapter.config(json);
        try (SafetensorsCheckpoint files = SafetensorsCheckpoint.open(ckpt.dir())) {
            List<ParamSpec> specs = adapter.params(config, files::contains);
            try (ModelWeights whole = CheckpointLoader.load(files, specs, Device.cpu(), DataType.FLOAT32);
                 ModelWeights chunked = CheckpointLoader.load(files, specs, Device.cpu(), DataType.FLOAT32, 16)) {
                for (String name : whole.names()) {
                    assertArrayEquals(whole.get(name).toFloatArray(), chunked.get(name).toFloatArray(), 0f, name);
                }
                // b_QKV: k of head 3 (internal 32 + 24 ..) is stored at head 3's rows 3 * 24 + 8 ..
                double[] bias = ckpt.weight("gpt_neox.layers.0.attention.query_key_value.bias");
                float[] b = whole.get(ParamNames.bQkv(0)).toFloatArray();
                for (int e = 0; e < 8; e++) {
                    assertEquals(bias[3 * 24 + 8 + e], b[32 + 24 + e], 0.0);
                }
                Path saved = tmp.resolve("saved");
                java.nio.file.Files.createDirectories(saved);
                CheckpointWriter.writeSafetensors(saved, specs, whole);
                var back = SafetensorsFile.read(saved.resolve("model.safetensors"));
                for (ParamSpec spec : specs) {
                    for (ParamSpec.Source src : spec.sources()) {
                        assertArrayEquals(ckpt.weight(src.tensor()), back.get(src.tensor()).values(), 0.0, src.tensor());
                    }
                }
            }
        }
    }
}
