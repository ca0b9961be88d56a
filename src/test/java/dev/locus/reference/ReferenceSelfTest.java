package dev.locus.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.reference.TinyCheckpoint.Arch;
import dev.locus.reference.TinyCheckpoint.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that the reference and the checkpoint generator are not trivially broken. */
class ReferenceSelfTest {
    private static final int[] TOKENS = {3, 17, 8, 42, 0, 25, 11, 9, 33, 4};

    @TempDir
    Path tmp;

    private static int[] with(int[] tokens, int pos, int token) {
        int[] t = tokens.clone();
        t[pos] = token;
        return t;
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double maxAbsDiff(double[][] a, double[][] b) {
        double m = 0;
        for (int t = 0; t < a.length; t++) {
            m = Math.max(m, maxAbsDiff(a[t], b[t]));
        }
        return m;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Forward pass properties
    // ---------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Arch.class)
    void causal_laterTokensDoNotChangeEarlierLogits(Arch arch) {
        Model m = TinyCheckpoint.builder(arch).seed(11).generate();
        double[][] a = ReferenceForward.logits(m, TOKENS);
        double[][] b = ReferenceForward.logits(m, with(TOKENS, 7, 30));
        for (int t = 0; t < 7; t++) {
            assertArrayEquals(a[t], b[t], 0.0, "position " + t);
        }
        for (int t = 7; t < TOKENS.length; t++) {
            assertTrue(maxAbsDiff(a[t], b[t]) > 1e-3, "position " + t + " should see token 7");
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void outputsAreNonTrivial(Arch arch) {
        Model m = TinyCheckpoint.builder(arch).seed(5).generate();
        ReferenceForward.Trace tr = ReferenceForward.trace(m, TOKENS);
        assertEquals(m.options().vocab(), tr.logits()[0].length);
        for (double[] row : tr.logits()) {
            double mean = 0;
            for (double v : row) {
                mean += v;
            }
            mean /= row.length;
            double var = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : row) {
                var += (v - mean) * (v - mean);
                max = Math.max(max, v);
                assertTrue(Double.isFinite(v));
            }
            double sd = Math.sqrt(var / row.length);
            assertTrue(sd > 0.3, arch + ": logits spread " + sd);
            double z = 0;
            for (double v : row) {
                z += Math.exp(v - max);
            }
            assertTrue(1 / z < 0.95, arch + ": next token distribution is nearly one-hot");
        }
        // HF output_hidden_states: L + 1 entries, the last after the final norm (so logits = last * head^T)
        assertEquals(m.options().nLayers() + 1, tr.hiddenStates().size());
        assertEquals(m.options().nLayers(), tr.attentions().size());
        // attention rows are distributions over visible keys, not uniform
        double[][][] layer0 = tr.attentions().get(0);
        for (double[][] head : layer0) {
            for (int i = 0; i < TOKENS.length; i++) {
                double s = 0;
                for (int j = 0; j < TOKENS.length; j++) {
                    s += head[i][j];
                    if (j > i) {
                        assertEquals(0.0, head[i][j]);
                    }
                }
                assertEquals(1.0, s, 1e-12);
            }
            assertTrue(Math.abs(head[9][9] - 0.1) > 1e-3, "attention should not be uniform");
        }
    }

    @Test
    void gpt2_prefixedAndBareNamesHoldTheSameWeightsAndLogits() {
        Model prefixed = TinyCheckpoint.builder(Arch.GPT2).seed(3).gpt2Prefix(true).gpt2LmHeadCopy(true)
                .gpt2AttnBuffers(true).generate();
        Model bare = TinyCheckpoint.builder(Arch.GPT2).seed(3).gpt2Prefix(false).generate();
        assertTrue(prefixed.weights().containsKey("transformer.h.0.attn.c_attn.weight"));
        assertTrue(prefixed.weights().containsKey("lm_head.weight"));
        assertTrue(prefixed.weights().containsKey("transformer.h.1.attn.masked_bias"));
        assertTrue(bare.weights().containsKey("h.0.attn.c_attn.weight"));
        assertFalse(bare.weights().containsKey("lm_head.weight"));
        for (Map.Entry<String, double[]> e : bare.weights().entrySet()) {
            assertArrayEquals(e.getValue(), prefixed.weight("transformer." + e.getKey()), 0.0, e.getKey());
        }
        assertArrayEquals(prefixed.weight("transformer.wte.weight"), prefixed.weight("lm_head.weight"), 0.0);
        // Conv1D layout [in, out]
        assertArrayEquals(new int[] {16, 48}, bare.shape("h.0.attn.c_attn.weight"));
        assertArrayEquals(new int[] {64, 16}, bare.shape("h.0.mlp.c_proj.weight"));
        assertArrayEquals(new int[] {}, prefixed.shape("transformer.h.0.attn.masked_bias"));
        double[][] a = ReferenceForward.logits(prefixed, TOKENS);
        double[][] b = ReferenceForward.logits(bare, TOKENS);
        for (int t = 0; t < TOKENS.length; t++) {
            assertArrayEquals(a[t], b[t], 0.0);
        }
    }

    @Test
    void gemma2_onlySlidingLayer_position9IgnoresTokensBeforeTheWindow() {
        Model m = TinyCheckpoint.builder(Arch.GEMMA2).nLayers(1).slidingWindow(4).seed(2).generate();
        double[] base = ReferenceForward.logits(m, TOKENS)[9];
        int[] changed = TOKENS.clone();
        for (int j = 0; j <= 5; j++) { // i - j >= 4 for i = 9: outside the window
            changed[j] = (changed[j] + 13) % 50;
        }
        assertArrayEquals(base, ReferenceForward.logits(m, changed)[9], 0.0);
        // j = 6 is inside (9 - 6 = 3 < 4)
        assertTrue(maxAbsDiff(base, ReferenceForward.logits(m, with(TOKENS, 6, 44))[9]) > 1e-3);
        double[][] probs = ReferenceForward.trace(m, TOKENS).attentions().get(0)[0];
        for (int j = 0; j < 10; j++) {
            assertEquals(j >= 6, probs[9][j] > 0, "key " + j);
        }
    }

    @Test
    void gemma2_globalSecondLayer_position9SeesToken0() {
        Model m = TinyCheckpoint.builder(Arch.GEMMA2).nLayers(2).slidingWindow(4).seed(2).generate();
        double[] base = ReferenceForward.logits(m, TOKENS)[9];
        assertTrue(maxAbsDiff(base, ReferenceForward.logits(m, with(TOKENS, 0, 44))[9]) > 1e-4);
        // layer 1 is global (1 % 2 == 1): query 9 gives weight to key 0; layer 0 does not
        ReferenceForward.Trace tr = ReferenceForward.trace(m, TOKENS);
        assertEquals(0.0, tr.attentions().get(0)[0][9][0]);
        assertTrue(tr.attentions().get(1)[0][9][0] > 0);
        // a window wider than the sequence changes nothing: same logits as no window at all
        Model wide = m.options().toBuilder().slidingWindow(10).generate();
        Model none = m.options().toBuilder().slidingWindow(null).generate();
        assertArrayEquals(ReferenceForward.logits(wide, TOKENS)[9], ReferenceForward.logits(none, TOKENS)[9], 0.0);
    }

    @Test
    void gemma2_softCapsMatter() {
        Model m = TinyCheckpoint.builder(Arch.GEMMA2).seed(4).generate();
        double[][] capped = ReferenceForward.logits(m, TOKENS);
        double[][] noAttnCap = ReferenceForward.logits(m.options().toBuilder().attnLogitSoftcap(null).generate(),
                TOKENS);
        double[][] noFinalCap = ReferenceForward.logits(m.options().toBuilder().finalLogitSoftcap(null).generate(),
                TOKENS);
        assertTrue(maxAbsDiff(capped, noAttnCap) > 0.05, "attention soft-cap: " + maxAbsDiff(capped, noAttnCap));
        assertTrue(maxAbsDiff(capped, noFinalCap) > 0.2, "final soft-cap: " + maxAbsDiff(capped, noFinalCap));
        double cap = m.options().finalLogitSoftcap();
        for (double[] row : capped) {
            for (double v : row) {
                assertTrue(Math.abs(v) < cap);
            }
        }
        // query_pre_attn_scalar is what scales the scores, not head_dim
        double[][] other = ReferenceForward.logits(m.options().toBuilder().queryPreAttnScalar(8).generate(), TOKENS);
        assertTrue(maxAbsDiff(capped, other) > 1e-3);
    }

    @Test
    void llama_groupedQueryAttention_headHReadsKvHeadHOverGroups() {
        // 4 query heads on 2 kv heads == 4 kv heads where kv heads (0,1,2,3) are copies of (0,0,1,1).
        Model gqa = TinyCheckpoint.builder(Arch.LLAMA).seed(8).nHeads(4).nKvHeads(2).generate();
        int hd = gqa.options().headDim();
        int d = gqa.options().dModel();
        Map<String, double[]> w = new HashMap<>(gqa.weights());
        for (int layer = 0; layer < 2; layer++) {
            for (String proj : List.of("k_proj", "v_proj")) {
                String name = "model.layers." + layer + ".self_attn." + proj + ".weight";
                double[] src = gqa.weight(name); // [2 * hd, d]
                double[] dst = new double[4 * hd * d];
                for (int head = 0; head < 4; head++) {
                    System.arraycopy(src, (head / 2) * hd * d, dst, head * hd * d, hd * d);
                }
                w.put(name, dst);
            }
        }
        ObjectNode config = gqa.config().deepCopy();
        config.put("num_key_value_heads", 4);
        double[][] expanded = ReferenceForward.trace(config, w, TOKENS).logits();
        assertTrue(maxAbsDiff(ReferenceForward.logits(gqa, TOKENS), expanded) < 1e-12);
    }

    @Test
    void elementaryOps_matchKnownValues() {
        // gelu_new(1) = 0.5 (1 + tanh(sqrt(2/pi) * 1.044715)); exact-erf gelu(1) would be 0.8413447460685429
        assertEquals(0.8411919906082768, ReferenceForward.geluTanh(1.0), 1e-15);
        assertEquals(-0.15880800939172324, ReferenceForward.geluTanh(-1.0), 1e-15);
        assertEquals(0.7310585786300049, ReferenceForward.silu(1.0), 1e-15);
        double s = Math.sqrt(1.5);
        assertArrayEquals(new double[] {-s * 1.5 + 0.5, 0.5, s * 1.5 + 0.5}, // (x - 2) / sqrt(2/3) * 1.5 + 0.5
                ReferenceForward.layerNorm(new double[] {1, 2, 3}, new double[] {1.5, 1.5, 1.5},
                        new double[] {0.5, 0.5, 0.5}, 0), 1e-15);
        double rms = Math.sqrt(12.5);
        assertArrayEquals(new double[] {3 / rms * 2, 4 / rms * 0.5},
                ReferenceForward.rmsNorm(new double[] {3, 4}, new double[] {2, 0.5}, 0, 0), 1e-15);
        assertArrayEquals(new double[] {3 / rms * 3, 4 / rms * 1.5}, // Gemma: (1 + w)
                ReferenceForward.rmsNorm(new double[] {3, 4}, new double[] {2, 0.5}, 0, 1), 1e-15);
        // nn.Linear [out, in] vs Conv1D [in, out] read the same buffer transposed
        double[] w = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new double[] {1 + 2 * 2 + 3 * 3, 4 + 5 * 2 + 6 * 3},
                ReferenceForward.linear(new double[] {1, 2, 3}, w, null, 3, 2), 0.0);
        assertArrayEquals(new double[] {1 + 3 * 2 + 5 * 3 + 10, 2 + 4 * 2 + 6 * 3 + 20},
                ReferenceForward.conv1d(new double[] {1, 2, 3}, w, new double[] {10, 20}, 3, 2), 0.0);
    }

    @Test
    void rope_rotateHalfPairsAndRelativePositions() {
        double[] inv = {1.0, 0.1, 0.01, 0.001};
        // element 0 pairs with element 4 (half = 4), not with element 1
        double[] e0 = new double[8];
        e0[0] = 1;
        ReferenceForward.rope(e0, 0, 8, 1, inv);
        assertEquals(Math.cos(1), e0[0], 1e-15);
        assertEquals(Math.sin(1), e0[4], 1e-15);
        assertEquals(0.0, e0[1]);
        // position 0 is the identity; q_m . k_n depends on m - n only
        Random r = new Random(1);
        double[] q = new double[8];
        double[] k = new double[8];
        for (int i = 0; i < 8; i++) {
            q[i] = r.nextGaussian();
            k[i] = r.nextGaussian();
        }
        double[] q0 = q.clone();
        ReferenceForward.rope(q0, 0, 8, 0, inv);
        assertArrayEquals(q, q0, 0.0);
        assertEquals(dotAt(q, k, 7, 3, inv), dotAt(q, k, 12, 8, inv), 1e-12);
        assertTrue(Math.abs(dotAt(q, k, 7, 3, inv) - dotAt(q, k, 7, 4, inv)) > 1e-3);
    }

    private static double dotAt(double[] q, double[] k, int m, int n, double[] inv) {
        double[] a = q.clone();
        double[] b = k.clone();
        ReferenceForward.rope(a, 0, 8, m, inv);
        ReferenceForward.rope(b, 0, 8, n, inv);
        double s = 0;
        for (int i = 0; i < 8; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void llama3RopeScaling_hasAllThreeRegimesAndChangesLogits() {
        Model plain = TinyCheckpoint.builder(Arch.LLAMA).seed(6).generate();
        Model scaled = plain.options().toBuilder().ropeScaling(TinyCheckpoint.RopeScaling.llama3(128)).generate();
        double[] inv = ReferenceForward.ropeInvFreq(scaled.config(), 8);
        // theta 10000, head_dim 8: inv_freq 1, 0.1, 0.01, 0.001; wavelengths 6.3, 62.8, 628, 6283 against
        // high_freq_wavelen = 128 / 4 = 32 and low_freq_wavelen = 128 / 1 = 128
        assertEquals(1.0, inv[0], 1e-15); // high frequency: kept
        double smooth = (128 / (2 * Math.PI / 0.1) - 1) / (4 - 1);
        assertEquals((1 - smooth) * 0.1 / 8 + smooth * 0.1, inv[1], 1e-12); // medium: interpolated
        assertEquals(0.01 / 8, inv[2], 1e-15); // low frequency: divided by factor
        assertEquals(0.001 / 8, inv[3], 1e-15);
        assertTrue(maxAbsDiff(ReferenceForward.logits(plain, TOKENS), ReferenceForward.logits(scaled, TOKENS)) > 1e-3);
        JsonNode rs = scaled.config().get("rope_scaling");
        assertEquals("llama3", rs.get("rope_type").asText());
        assertEquals(8.0, rs.get("factor").asDouble());
        assertEquals(128, rs.get("original_max_position_embeddings").asInt());
    }

    @Test
    void optionalPartsChangeTheOutput() {
        Model llama = TinyCheckpoint.builder(Arch.LLAMA).seed(9).generate();
        Model biased = llama.options().toBuilder().attentionBias(true).generate();
        Model tied = llama.options().toBuilder().tiedEmbeddings(true).generate();
        assertTrue(biased.weights().containsKey("model.layers.1.self_attn.o_proj.bias"));
        assertFalse(tied.weights().containsKey("lm_head.weight"));
        // weights do not depend on the other options
        assertArrayEquals(llama.weight("model.layers.1.mlp.up_proj.weight"),
                biased.weight("model.layers.1.mlp.up_proj.weight"), 0.0);
        double[][] base = ReferenceForward.logits(llama, TOKENS);
        assertTrue(maxAbsDiff(base, ReferenceForward.logits(biased, TOKENS)) > 1e-3);
        assertTrue(maxAbsDiff(base, ReferenceForward.logits(tied, TOKENS)) > 1e-3);
        // Gemma: the (1 + w) norm weights matter
        Model gemma = TinyCheckpoint.builder(Arch.GEMMA).seed(9).generate();
        Map<String, double[]> w = new HashMap<>(gemma.weights());
        w.put("model.norm.weight", new double[gemma.options().dModel()]);
        assertTrue(maxAbsDiff(ReferenceForward.logits(gemma, TOKENS),
                ReferenceForward.trace(gemma.config(), w, TOKENS).logits()) > 1e-3);
        // google/gemma-2b style config (hidden_act "gelu", hidden_activation null) means the same model
        Model legacy = gemma.options().toBuilder().legacyGemmaAct(true).generate();
        assertEquals("gelu", legacy.config().get("hidden_act").asText());
        assertTrue(legacy.config().get("hidden_activation").isNull());
        assertArrayEquals(ReferenceForward.logits(gemma, TOKENS)[9], ReferenceForward.logits(legacy, TOKENS)[9], 0.0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Files: config.json, safetensors, index, tokenizer.json
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void configs_useEachArchitecturesFieldNames() {
        JsonNode gpt2 = TinyCheckpoint.builder(Arch.GPT2).generate().config();
        assertEquals("GPT2LMHeadModel", gpt2.get("architectures").get(0).asText());
        for (String f : List.of("n_embd", "n_layer", "n_head", "n_positions", "n_ctx", "vocab_size",
                "layer_norm_epsilon", "bos_token_id", "eos_token_id")) {
            assertTrue(gpt2.has(f), f);
        }
        assertTrue(gpt2.get("n_inner").isNull());
        assertEquals("gelu_new", gpt2.get("activation_function").asText());
        assertEquals(32, TinyCheckpoint.builder(Arch.GPT2).dMlp(32).generate().config().get("n_inner").asInt());

        JsonNode llama = TinyCheckpoint.builder(Arch.LLAMA).generate().config();
        assertEquals("LlamaForCausalLM", llama.get("architectures").get(0).asText());
        assertFalse(llama.get("tie_word_embeddings").asBoolean());
        assertFalse(llama.has("head_dim"));
        assertEquals("silu", llama.get("hidden_act").asText());
        assertEquals(6, TinyCheckpoint.builder(Arch.LLAMA).headDim(6).generate().config().get("head_dim").asInt());

        JsonNode gemma = TinyCheckpoint.builder(Arch.GEMMA).generate().config();
        assertEquals("GemmaForCausalLM", gemma.get("architectures").get(0).asText());
        assertEquals(8, gemma.get("head_dim").asInt());
        assertFalse(gemma.has("tie_word_embeddings")); // GemmaConfig default (true), left out as HF does
        assertEquals("gelu_pytorch_tanh", gemma.get("hidden_activation").asText());

        JsonNode gemma2 = TinyCheckpoint.builder(Arch.GEMMA2).generate().config();
        assertEquals("Gemma2ForCausalLM", gemma2.get("architectures").get(0).asText());
        assertEquals("gemma2", gemma2.get("model_type").asText());
        assertEquals(16, gemma2.get("query_pre_attn_scalar").asInt());
        assertEquals(4, gemma2.get("sliding_window").asInt());
        assertTrue(gemma2.get("attn_logit_softcapping").isNumber());
        assertTrue(gemma2.get("final_logit_softcapping").isNumber());
    }

    @Test
    void safetensors_exactBytesOfATinyFile() throws IOException {
        Path f = tmp.resolve("t.safetensors");
        SafetensorsFile.write(f, List.of(new SafetensorsFile.Tensor("x", "F32", new int[] {2}, new double[] {1, -2}),
                new SafetensorsFile.Tensor("y", "BF16", new int[] {}, new double[] {1.5})), Map.of());
        byte[] b = Files.readAllBytes(f);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, (8 + n) % 8);
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"y\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[8,10]}}", header.stripTrailing());
        assertTrue(header.endsWith(" ") || header.length() % 8 == 0);
        assertEquals(8 + n + 10, b.length);
        int d = (int) (8 + n);
        // 1.0f = 0x3F800000, -2.0f = 0xC0000000, bf16 1.5 = 0x3FC0; all little-endian
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0, (byte) 0xC0, 0x3F},
                java.util.Arrays.copyOfRange(b, d, d + 10));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void safetensors_roundTripsSingleAndSharded_F32AndBf16(Arch arch) throws IOException {
        for (String dtype : List.of("F32", "BF16")) {
            for (boolean sharded : List.of(false, true)) {
                Path dir = tmp.resolve(arch + "-" + dtype + "-" + sharded);
                Model m = TinyCheckpoint.builder(arch).seed(12).dtype(dtype).sharded(sharded)
                        .gpt2AttnBuffers(arch == Arch.GPT2 && sharded).write(dir);
                assertEquals(dtype.equals("BF16") ? "bfloat16" : "float32",
                        TinyCheckpoint.readJson(dir.resolve("config.json")).get("torch_dtype").asText());
                Map<String, String> fileOf = new LinkedHashMap<>();
                if (sharded) {
                    assertFalse(Files.exists(dir.resolve(TinyCheckpoint.SINGLE_FILE)));
                    JsonNode index = TinyCheckpoint.readJson(dir.resolve(TinyCheckpoint.INDEX_FILE));
                    index.get("weight_map").properties().forEach(e -> fileOf.put(e.getKey(), e.getValue().asText()));
                    assertEquals(m.weights().keySet(), fileOf.keySet());
                    assertEquals(2, new HashSet<>(fileOf.values()).size());
                    long total = 0;
                    for (Map.Entry<String, int[]> e : m.shapes().entrySet()) {
                        total += (long) SafetensorsFile.numel(e.getValue()) * (dtype.equals("F32") ? 4 : 2);
                    }
                    assertEquals(total, index.get("metadata").get("total_size").asLong());
                } else {
                    m.weights().keySet().forEach(k -> fileOf.put(k, TinyCheckpoint.SINGLE_FILE));
                }
                List<String> seen = new ArrayList<>();
                for (String file : new HashSet<>(fileOf.values())) {
                    SafetensorsFile.Header h = SafetensorsFile.readHeader(dir.resolve(file)); // checks offsets
                    assertEquals(0, h.dataStart() % 8);
                    assertEquals("pt", h.metadata().get("format"));
                    for (SafetensorsFile.Entry e : h.entries().values()) {
                        assertEquals(file, fileOf.get(e.name()));
                        assertEquals(dtype, e.dtype());
                        assertArrayEquals(m.shape(e.name()), e.shape(), e.name());
                        seen.add(e.name());
                    }
                    for (SafetensorsFile.Tensor t : SafetensorsFile.read(dir.resolve(file)).values()) {
                        assertArrayEquals(m.weight(t.name()), t.values(), 0.0, t.name());
                        if (dtype.equals("BF16")) {
                            for (double v : t.values()) {
                                assertTrue(Bf16.isExact(v));
                            }
                        }
                    }
                }
                assertEquals(m.weights().size(), seen.size());
                // the reference gives bit-identical logits from the loaded folder
                Model loaded = TinyCheckpoint.load(dir);
                double[][] a = ReferenceForward.logits(m, TOKENS);
                double[][] b = ReferenceForward.logits(loaded, TOKENS);
                assertEquals(0.0, maxAbsDiff(a, b));
            }
        }
    }

    @Test
    void bf16_roundsToNearestEven() {
        float one = 1.0f;
        float ulp = (float) Math.pow(2, -7); // bf16 spacing at 1.0
        assertEquals(0x3F80, Bf16.bits(one));
        assertEquals(0x3F80, Bf16.bits(one + ulp / 2)); // tie, 0x3F80 is even: down
        assertEquals(0x3F82, Bf16.bits(one + 3 * ulp / 2)); // tie, 0x3F81 is odd: up to 0x3F82
        assertEquals(0x3F81, Bf16.bits(Math.nextUp(one + ulp / 2))); // just above the tie: up
        assertEquals(0x3F81, Bf16.bits(Math.nextDown(one + 3 * ulp / 2))); // just below the tie: down
        assertEquals(0xBF80, Bf16.bits(-(one + ulp / 2))); // sign-symmetric
        assertEquals(0x7F80, Bf16.bits(Float.MAX_VALUE)); // rounds up to +inf
        assertEquals(0x0000, Bf16.bits(Float.MIN_VALUE)); // smallest subnormal rounds to zero
        // double -> float -> bf16 rounds twice: 1 + 2^-8 + 1e-9 becomes the float tie 1 + 2^-8, then 1.0
        assertEquals(1.0, Bf16.round(1.00390625 + 1e-9));
        assertTrue(Bf16.isExact(Bf16.round(Math.PI)));
        assertFalse(Bf16.isExact(Math.PI));
        // a BF16 checkpoint's values are its F32 values, rounded
        Model f32 = TinyCheckpoint.builder(Arch.LLAMA).seed(1).generate();
        Model bf16 = TinyCheckpoint.builder(Arch.LLAMA).seed(1).dtype("BF16").generate();
        double[] a = f32.weight("model.layers.0.self_attn.q_proj.weight");
        double[] b = bf16.weight("model.layers.0.self_attn.q_proj.weight");
        boolean anyDiffers = false;
        for (int i = 0; i < a.length; i++) {
            assertEquals(Bf16.round(a[i]), b[i], 0.0);
            anyDiffers |= a[i] != b[i];
        }
        assertTrue(anyDiffers);
    }

    @Test
    void tokenizerJson_isAWordLevelTokenizer() {
        List<String> vocab = TinyCheckpoint.defaultVocab(Arch.GEMMA, 50);
        TinyCheckpoint.writeWordLevelTokenizer(tmp, vocab);
        JsonNode tok = TinyCheckpoint.readJson(tmp.resolve("tokenizer.json"));
        assertEquals("1.0", tok.get("version").asText());
        assertTrue(tok.get("normalizer").isNull());
        assertEquals("WhitespaceSplit", tok.get("pre_tokenizer").get("type").asText());
        JsonNode model = tok.get("model");
        assertEquals("WordLevel", model.get("type").asText());
        assertEquals("<unk>", model.get("unk_token").asText());
        assertEquals(50, model.get("vocab").size());
        Map<String, Integer> added = new HashMap<>();
        for (JsonNode a : tok.get("added_tokens")) {
            assertTrue(a.get("special").asBoolean());
            added.put(a.get("content").asText(), a.get("id").asInt());
        }
        assertEquals(Map.of("<pad>", 0, "<eos>", 1, "<bos>", 2, "<unk>", 3), added);
        // what WhitespaceSplit + WordLevel does with "a b c" (and an unknown word)
        List<Integer> ids = new ArrayList<>();
        for (String word : "a b  c zzz".split("\\s+")) {
            JsonNode id = model.get("vocab").get(word);
            ids.add(id != null ? id.asInt() : model.get("vocab").get("<unk>").asInt());
        }
        assertEquals(List.of(4, 5, 6, 3), ids);
        assertEquals(50, TinyCheckpoint.defaultVocab(Arch.GPT2, 50).size());
        assertEquals("<|endoftext|>", TinyCheckpoint.defaultVocab(Arch.GPT2, 50).get(49));
    }
}
