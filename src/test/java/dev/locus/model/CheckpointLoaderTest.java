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
}
