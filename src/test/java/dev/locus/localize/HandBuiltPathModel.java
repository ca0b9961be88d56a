package dev.locus.localize;

import static dev.locus.localize.HandBuiltModel.noise;
import static dev.locus.localize.HandBuiltModel.ones;
import static dev.locus.localize.HandBuiltModel.orthonormal;
import static dev.locus.localize.HandBuiltModel.silu;
import static dev.locus.localize.HandBuiltModel.tensor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.demo.WordVocabulary;
import dev.locus.model.io.SafetensorsWriter;
import dev.locus.model.io.TensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A Llama checkpoint built by hand in which the answer takes a known two-step path: layer {@link #LOOKUP_LAYER}'s
 * MLP writes the athlete's sport at the subject's token, and head {@link #READ_HEAD} of layer {@link #READ_LAYER}
 * attends from the final token to the subject and copies the sport there, where the unembedding reads it. Everything
 * else has small random weights. Prompts are {@code "{subject} athlete"}: the subject is not the last token, so nothing
 * reaches the answer without the head. The circuit's edges are {@code embed -> L1.mlp}, {@code L1.mlp -> L2.KV0.v}
 * (the head's value input; its key/value head is shared with head 1) and {@code L2.H0 -> logits}.
 *
 * <p>Residual stream (80 dims): 0..3 the sports; 4 a marker every subject's embedding has (the head's key reads it);
 * 5 a marker of the final word (its query reads it); 6..79 a distinct orthonormal direction of norm 8 per token. The
 * head's query and key use the slowest rotary pair (dims 7 and 15 of a head: 3e-4 radians per position), so rotary
 * embeddings leave its pattern as designed.
 */
public record HandBuiltPathModel(Path modelDir, Path dataCsv, Path formatFile) {
    public static final int LOOKUP_LAYER = 1;
    public static final int READ_LAYER = 2;
    public static final int READ_HEAD = 0;
    public static final String TEMPLATE = "{subject} athlete";
    /** The path, as the circuit files name its edges. */
    public static final List<String> PATH = List.of("embed -> L1.mlp", "L1.mlp -> L2.KV0.v", "L2.H0 -> logits");

    private static final int LAYERS = 4;
    private static final int D = 80;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;
    private static final int HEAD_DIM = 16;
    private static final int D_MLP = 64;
    private static final int SPORTS = 4;
    private static final int SUBJECT_MARK = 4;
    private static final int FINAL_MARK = 5;
    private static final int IDENTITY = 6;
    private static final int SLOW = 7;              // the slowest rotary pair of a 16-dim head is (7, 15)
    private static final float NORM = 8f;
    private static final float SPORT_WRITE = 8f;
    /** RMS of a subject's embedding (identity and marker, norm 8 each) over 80 dims: what RMSNorm divides by. */
    private static final float SUBJECT_RMS = (float) Math.sqrt(2 * NORM * NORM / D);
    /** RMS at layer 2 of the subject's stream (embedding plus the sport written). */
    private static final float READ_RMS = (float) Math.sqrt(3 * NORM * NORM / D);
    private static final float QK = 1.75f;          // score q.k / sqrt(16) of about 25 on the subject, ~0 elsewhere

    public static HandBuiltPathModel write(Path dir, long seed) {
        Random random = new Random(seed);
        List<String> subjects = HandBuiltModel.SUBJECTS;
        List<String> sportList = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            sportList.add(SportsFactsCsv.SPORTS.get(i % SportsFactsCsv.SPORTS.size()));
        }
        Collections.shuffle(sportList, random);
        List<Fact> facts = new ArrayList<>();
        for (int i = 0; i < subjects.size(); i++) {
            facts.add(Fact.of(subjects.get(i), subjects.get(i), SportsFactsCsv.RELATION, sportList.get(i),
                    SportsFactsCsv.CANDIDATES, null));
        }
        List<String> texts = new ArrayList<>(subjects);
        texts.add("athlete");
        texts.addAll(SportsFactsCsv.CANDIDATES);
        WordVocabulary vocab = WordVocabulary.of(texts);
        int v = vocab.size();
        float[][] identity = orthonormal(v, D - IDENTITY, random);
        float[] embed = new float[v * D];
        for (int tok = 0; tok < v; tok++) {
            for (int j = 0; j < D - IDENTITY; j++) {
                embed[tok * D + IDENTITY + j] = NORM * identity[tok][j];
            }
        }
        for (String s : subjects) {
            embed[vocab.id(s) * D + SUBJECT_MARK] = NORM;
        }
        embed[vocab.id("athlete") * D + FINAL_MARK] = NORM;

        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", tensor(embed, v, D));
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            float[] q = noise(HEADS * HEAD_DIM * D, random);
            float[] k = noise(KV_HEADS * HEAD_DIM * D, random);
            float[] val = noise(KV_HEADS * HEAD_DIM * D, random);
            float[] o = noise(D * HEADS * HEAD_DIM, random);
            if (l == READ_LAYER) {
                int row = READ_HEAD * HEAD_DIM + SLOW;              // head 0 and its key/value head 0
                Arrays.fill(q, row * D, (row + 1) * D, 0f);
                Arrays.fill(k, row * D, (row + 1) * D, 0f);
                q[row * D + FINAL_MARK] = QK;
                k[row * D + SUBJECT_MARK] = QK;
                for (int s = 0; s < SPORTS; s++) {
                    int vRow = READ_HEAD * HEAD_DIM + s;               // value dim s reads sport s
                    Arrays.fill(val, vRow * D, (vRow + 1) * D, 0f);
                    val[vRow * D + s] = 1f;
                    for (int j = 0; j < HEADS * HEAD_DIM; j++) {     // output row s: only head 0's dim s
                        o[s * HEADS * HEAD_DIM + j] = j == READ_HEAD * HEAD_DIM + s ? SPORT_WRITE / NORM * READ_RMS : 0f;
                    }
                }
            }
            t.put(p + "input_layernorm.weight", ones(D));
            t.put(p + "self_attn.q_proj.weight", tensor(q, HEADS * HEAD_DIM, D));
            t.put(p + "self_attn.k_proj.weight", tensor(k, KV_HEADS * HEAD_DIM, D));
            t.put(p + "self_attn.v_proj.weight", tensor(val, KV_HEADS * HEAD_DIM, D));
            t.put(p + "self_attn.o_proj.weight", tensor(o, D, HEADS * HEAD_DIM));
            t.put(p + "post_attention_layernorm.weight", ones(D));
            float[] gate = noise(D_MLP * D, random);
            float[] up = noise(D_MLP * D, random);
            float[] down = noise(D * D_MLP, random);
            if (l == LOOKUP_LAYER) {
                float in = NORM / SUBJECT_RMS;                       // the identity's size after RMSNorm
                for (int i = 0; i < subjects.size(); i++) {
                    float[] u = identity[vocab.id(subjects.get(i))];
                    for (int j = 0; j < D; j++) {
                        float w = j < IDENTITY ? 0f : u[j - IDENTITY];
                        gate[i * D + j] = w;
                        up[i * D + j] = w;
                        down[j * D_MLP + i] = 0f;
                    }
                    int sport = SportsFactsCsv.CANDIDATES.indexOf(sportList.get(i));
                    down[sport * D_MLP + i] = SPORT_WRITE / (silu(in) * in);
                }
            }
            t.put(p + "mlp.gate_proj.weight", tensor(gate, D_MLP, D));
            t.put(p + "mlp.up_proj.weight", tensor(up, D_MLP, D));
            t.put(p + "mlp.down_proj.weight", tensor(down, D, D_MLP));
        }
        t.put("model.norm.weight", ones(D));
        float[] head = noise(v * D, random);
        for (int s = 0; s < SPORTS; s++) {
            int row = vocab.id(SportsFactsCsv.CANDIDATES.get(s));
            Arrays.fill(head, row * D, (row + 1) * D, 0f);
            head[row * D + s] = 1f;
        }
        t.put("lm_head.weight", tensor(head, v, D));
        try {
            Path modelDir = Files.createDirectories(dir.resolve("path-model"));
            SafetensorsWriter.write(modelDir.resolve("model.safetensors"), t, Map.of("format", "pt"));
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(modelDir.resolve("config.json").toFile(),
                    HandBuiltModel.llamaConfig(vocab, D, D_MLP, LAYERS, HEADS, KV_HEADS, HEAD_DIM));
            vocab.writeTokenizerJson(modelDir.resolve("tokenizer.json"));
            Path csv = dir.resolve("path-facts.csv");
            SportsFactsCsv.write(csv, facts);
            Path formats = dir.resolve("path-formats.json");
            FormatFiles.write(formats, List.of(PromptFormat.completion("standard", TEMPLATE)));
            return new HandBuiltPathModel(modelDir, csv, formats);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
