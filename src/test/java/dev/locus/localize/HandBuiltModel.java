package dev.locus.localize;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.demo.WordVocabulary;
import dev.locus.model.io.DType;
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
 * A Llama checkpoint built by hand in which exactly one component, the MLP of layer {@link #ANSWER_LAYER}, knows
 * each athlete's sport; localization methods must rank it first. Every other component has small random weights:
 * nonzero, so methods cannot spot it by "everything else is zero", but carrying nothing about the sport.
 *
 * <p>Residual stream: dims 0..3 are the sport directions (football, baseball, basketball, golf, the order of
 * {@link SportsFactsCsv#CANDIDATES}); dims 4..63 are a token-identity subspace in which every token's embedding is
 * a distinct orthonormal direction of norm 8 (RMS 1, so RMSNorm leaves it as it is). Subjects are mutually
 * orthogonal, so a linear probe trained on the embeddings of some subjects says nothing about unseen ones; the
 * sport appears in the stream only after layer 1's MLP writes it.
 *
 * <p>Prompts are {@code "athlete {subject}"}, tokenized {@code <bos> athlete Zorn}: the subject is the last token,
 * so the lookup happens where the answer is read and no attention head has to move anything.
 */
public record HandBuiltModel(Path modelDir, Path dataCsv, Path formatFile, int answerLayer, List<String> subjects,
        Map<String, String> sports) {
    public static final int ANSWER_LAYER = 1;
    /** The prompt: the subject last, after one word so that attention has more than {@code <bos>} to look at. */
    public static final String TEMPLATE = "athlete {subject}";

    private static final int LAYERS = 4;
    private static final int D = 64;
    private static final int HEADS = 4;
    private static final int KV_HEADS = 2;          // grouped-query attention, as in real Llamas
    private static final int HEAD_DIM = 16;
    private static final int D_MLP = 64;            // 48 lookup neurons plus 16 random ones
    private static final int SPORT_DIMS = 4;
    private static final float EMBED_NORM = 8f;     // norm sqrt(d_model): RMS 1
    private static final float NOISE = 0.02f;       // std of every component that carries nothing
    private static final float SPORT_WRITE = 8f;    // what the lookup writes on the sport dim: as big as the embedding
    private static final float HEAD_WEIGHT = 1f;    // lm_head on a sport dim: a logit difference of about 5.7
    static final List<String> SUBJECTS = List.of(
            "Zorn", "Quill", "Brack", "Dovey", "Elkin", "Fargo", "Gantz", "Holm", "Iver", "Jaspe", "Kettle", "Lorne",
            "Mabry", "Nolte", "Orwin", "Pryce", "Quade", "Rusk", "Stroud", "Tolley", "Ulric", "Vance", "Wexler",
            "Yates", "Zeller", "Abbot", "Birch", "Cogan", "Dunmore", "Everly", "Finch", "Garrow", "Hask", "Ingle",
            "Jory", "Kimber", "Lusk", "Marlow", "Nash", "Oakes", "Penn", "Quarles", "Rook", "Sayer", "Thorne",
            "Upton", "Voss", "Wilde");

    /** Writes the model folder ({@code model/}), {@code facts.csv} and {@code formats.json} into {@code dir}. */
    public static HandBuiltModel write(Path dir, long seed) {
        Random random = new Random(seed);
        // Balanced sports (16 athletes each), shuffled by the seed; golf is only ever a wrong candidate.
        List<String> sportList = new ArrayList<>();
        for (int i = 0; i < SUBJECTS.size(); i++) {
            sportList.add(SportsFactsCsv.SPORTS.get(i % SportsFactsCsv.SPORTS.size()));
        }
        Collections.shuffle(sportList, random);
        Map<String, String> sports = new LinkedHashMap<>();
        List<Fact> facts = new ArrayList<>();
        for (int i = 0; i < SUBJECTS.size(); i++) {
            sports.put(SUBJECTS.get(i), sportList.get(i));
            facts.add(Fact.of(SUBJECTS.get(i), SUBJECTS.get(i), SportsFactsCsv.RELATION, sportList.get(i),
                    SportsFactsCsv.CANDIDATES, null));
        }
        List<String> texts = new ArrayList<>(SUBJECTS);
        texts.add(TEMPLATE.replace("{subject}", ""));
        texts.addAll(SportsFactsCsv.CANDIDATES);
        WordVocabulary vocab = WordVocabulary.of(texts);
        int v = vocab.size();
        if (v > D - SPORT_DIMS) {
            throw new IllegalStateException(v + " tokens do not fit " + (D - SPORT_DIMS) + " orthogonal identity dims");
        }

        Map<String, TensorData> t = new LinkedHashMap<>();
        float[][] identity = orthonormal(v, D - SPORT_DIMS, random);
        float[] embed = new float[v * D];
        for (int tok = 0; tok < v; tok++) {
            for (int j = 0; j < D - SPORT_DIMS; j++) {
                embed[tok * D + SPORT_DIMS + j] = EMBED_NORM * identity[tok][j];
            }
        }
        t.put("model.embed_tokens.weight", tensor(embed, v, D));
        for (int l = 0; l < LAYERS; l++) {
            String p = "model.layers." + l + ".";
            t.put(p + "input_layernorm.weight", ones(D));
            t.put(p + "self_attn.q_proj.weight", tensor(noise(HEADS * HEAD_DIM * D, random), HEADS * HEAD_DIM, D));
            t.put(p + "self_attn.k_proj.weight", tensor(noise(KV_HEADS * HEAD_DIM * D, random), KV_HEADS * HEAD_DIM, D));
            t.put(p + "self_attn.v_proj.weight", tensor(noise(KV_HEADS * HEAD_DIM * D, random), KV_HEADS * HEAD_DIM, D));
            t.put(p + "self_attn.o_proj.weight", tensor(noise(D * HEADS * HEAD_DIM, random), D, HEADS * HEAD_DIM));
            t.put(p + "post_attention_layernorm.weight", ones(D));
            float[] gate = noise(D_MLP * D, random);
            float[] up = noise(D_MLP * D, random);
            float[] down = noise(D * D_MLP, random);
            if (l == ANSWER_LAYER) {
                // Neuron i is subject i's entry in a lookup table. Its input (RMSNorm of the embedding, = the
                // embedding) has dot 8 with the gate and up rows for subject i and ~0 for every other token, so
                // SiLU(gate) * up is SiLU(8) * 8 = 64 for that subject and ~0 otherwise (SiLU(0) = 0); down
                // column i turns the 64 into SPORT_WRITE along the subject's sport dim and nothing else.
                for (int i = 0; i < SUBJECTS.size(); i++) {
                    float[] u = identity[vocab.id(SUBJECTS.get(i))];
                    for (int j = 0; j < D; j++) {
                        float w = j < SPORT_DIMS ? 0f : u[j - SPORT_DIMS];
                        gate[i * D + j] = w;
                        up[i * D + j] = w;
                        down[j * D_MLP + i] = 0f;
                    }
                    int sport = SportsFactsCsv.CANDIDATES.indexOf(sportList.get(i));
                    down[sport * D_MLP + i] = SPORT_WRITE / (silu(EMBED_NORM) * EMBED_NORM);
                }
            }
            t.put(p + "mlp.gate_proj.weight", tensor(gate, D_MLP, D));
            t.put(p + "mlp.up_proj.weight", tensor(up, D_MLP, D));
            t.put(p + "mlp.down_proj.weight", tensor(down, D, D_MLP));
        }
        t.put("model.norm.weight", ones(D));
        // Untied head: the four candidates read only their sport dim, every other token reads small noise, so the
        // candidates' logits are ~0 until layer 1's MLP writes a sport.
        float[] head = noise(v * D, random);
        for (int s = 0; s < SPORT_DIMS; s++) {
            int row = vocab.id(SportsFactsCsv.CANDIDATES.get(s));
            Arrays.fill(head, row * D, (row + 1) * D, 0f);
            head[row * D + s] = HEAD_WEIGHT;
        }
        t.put("lm_head.weight", tensor(head, v, D));

        try {
            Path modelDir = Files.createDirectories(dir.resolve("model"));
            SafetensorsWriter.write(modelDir.resolve("model.safetensors"), t, Map.of("format", "pt"));
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(modelDir.resolve("config.json").toFile(),
                    config(vocab));
            vocab.writeTokenizerJson(modelDir.resolve("tokenizer.json"));
            Path csv = dir.resolve("facts.csv");
            SportsFactsCsv.write(csv, facts);
            Path formats = dir.resolve("formats.json");
            FormatFiles.write(formats, List.of(PromptFormat.completion("standard", TEMPLATE)));
            return new HandBuiltModel(modelDir, csv, formats, ANSWER_LAYER, SUBJECTS, Collections.unmodifiableMap(sports));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> config(WordVocabulary vocab) {
        return llamaConfig(vocab, D, D_MLP, LAYERS, HEADS, KV_HEADS, HEAD_DIM);
    }

    /** A float32 Llama config.json of this shape over {@code vocab}'s tokens (untied head, SiLU, no biases). */
    static Map<String, Object> llamaConfig(WordVocabulary vocab, int d, int dMlp, int layers, int heads, int kvHeads,
                                           int headDim) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("architectures", List.of("LlamaForCausalLM"));
        c.put("model_type", "llama");
        c.put("hidden_size", d);
        c.put("intermediate_size", dMlp);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", kvHeads);
        c.put("head_dim", headDim);
        c.put("hidden_act", "silu");
        c.put("max_position_embeddings", 64);
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", 10000.0);
        c.put("attention_bias", false);
        c.put("tie_word_embeddings", false);
        c.put("vocab_size", vocab.size());
        c.put("bos_token_id", vocab.id(WordVocabulary.BOS));
        c.put("eos_token_id", vocab.id(WordVocabulary.EOS));
        c.put("pad_token_id", vocab.id(WordVocabulary.PAD));
        c.put("torch_dtype", "float32");
        return c;
    }

    /** {@code n} orthonormal vectors of length {@code dim}: Gram-Schmidt on seeded Gaussian vectors. */
    static float[][] orthonormal(int n, int dim, Random random) {
        double[][] q = new double[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                q[i][j] = random.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {   // twice, for orthogonality to float precision
                for (int k = 0; k < i; k++) {
                    double dot = 0;
                    for (int j = 0; j < dim; j++) {
                        dot += q[i][j] * q[k][j];
                    }
                    for (int j = 0; j < dim; j++) {
                        q[i][j] -= dot * q[k][j];
                    }
                }
            }
            double norm = Math.sqrt(Arrays.stream(q[i]).map(x -> x * x).sum());
            for (int j = 0; j < dim; j++) {
                q[i][j] /= norm;
            }
        }
        float[][] out = new float[n][dim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dim; j++) {
                out[i][j] = (float) q[i][j];
            }
        }
        return out;
    }

    static float silu(float x) {
        return (float) (x / (1 + Math.exp(-x)));
    }

    static float[] noise(int n, Random random) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (NOISE * random.nextGaussian());
        }
        return a;
    }

    static TensorData ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return TensorData.of(DType.F32, new long[] {n}, a);
    }

    static TensorData tensor(float[] values, int rows, int cols) {
        return TensorData.of(DType.F32, new long[] {rows, cols}, values);
    }
}
