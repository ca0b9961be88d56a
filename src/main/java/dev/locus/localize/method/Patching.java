package dev.locus.localize.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.SparseFormat;
import dev.locus.model.LocusModel;
import dev.locus.model.config.ParamNames;
import java.util.Collection;
import java.util.List;
import java.util.Random;

/**
 * Exact patching over a whole localization set: corrupts it once, then runs units chunk by chunk ({@link PatchRun})
 * and averages each unit's effect over the prompts. Effects share attribution patching's sign: positive when the
 * patched sites carry the answer. Denoising: metric(corrupted with sites restored) - metric(corrupted). Noising:
 * metric(clean) - metric(clean with sites corrupted).
 */
public final class Patching {
    /** Mean effect per unit; normalized divides by mean(clean metric) - mean(corrupted metric). */
    record Result(double[] effect, double[] normalized, double clean, double corrupted) {
    }

    private final LocusModel model;
    private final LocalizationSet set;
    private final Corruption corruption;
    private final Metric metric;
    private final PositionClasses classes;
    private final int promptsPerChunk;
    private final int tokensPerPass;
    private final int[][] corruptIds;
    private final double subjectStd;

    public Patching(LocusModel model, LocalizationSet set, Corruption corruption, Metric metric, int promptsPerChunk,
             int tokensPerPass) {
        this.model = model;
        this.set = set;
        this.corruption = corruption;
        this.metric = metric;
        this.promptsPerChunk = promptsPerChunk;
        this.tokensPerPass = tokensPerPass;
        this.classes = PositionClasses.of(set, model.requireTokenizer());
        this.corruptIds = corruption.corruptIds(set,
                () -> model.requireTokenizer().asciiTokens(model.config().vocabSize()));
        this.subjectStd = corruption.isNoise() ? subjectEmbeddingStd(model, set.items()) : 0;
    }

    /** The corrupted ids of items [start, start + n). */
    public int[][] corruptIds(int start, int n) {
        return java.util.Arrays.copyOfRange(corruptIds, start, start + n);
    }

    public PositionClasses classes() {
        return classes;
    }

    /** The standard deviation of the noise added to subject embeddings (0 for token corruptions). */
    double noiseStd() {
        return corruption.isNoise() ? corruption.noiseStd(subjectStd) : 0;
    }

    /** How the set was corrupted, in words: "random-ascii", "noise (std 0.42)". */
    public String corruptionText() {
        return corruption.kind().text() + (corruption.isNoise() ? " (" + corruption.noiseText(subjectStd) + ")" : "");
    }

    Result run(List<PatchRun.Unit> units, Collection<String> points, boolean denoise, Progress progress, String stage) {
        int n = set.size();
        double[] sum = new double[units.size()];
        int[] count = new int[units.size()];
        double cleanSum = 0;
        double corruptSum = 0;
        long total = (long) units.size() * n;
        long[] done = {0};
        for (int start = 0; start < n; start += promptsPerChunk) {
            List<LocalizationSet.Item> chunk = set.items().subList(start, Math.min(n, start + promptsPerChunk));
            int[][] ids = corruptIds(start, chunk.size());
            try (PatchRun run = new PatchRun(model.transformer(), model.transformer().weights().manager(), chunk, start,
                    ids, noise(chunk, start), classes, metric, points)) {
                int length = chunk.stream().mapToInt(LocalizationSet.Item::length).max().orElse(1);
                int perPass = Math.max(1, tokensPerPass / (chunk.size() * length));
                double[] clean = run.cleanMetric();
                double[] corrupt = run.corruptMetric();
                int size = chunk.size();
                double[][] patched = run.run(units, denoise, perPass, () -> {
                    done[0] = Math.min(total, done[0] + (long) perPass * size);
                    progress.update(stage, done[0], total);
                });
                for (int i = 0; i < size; i++) {
                    cleanSum += clean[i];
                    corruptSum += corrupt[i];
                    for (int u = 0; u < units.size(); u++) {
                        if (covers(run, units.get(u), i)) {
                            sum[u] += denoise ? patched[u][i] - corrupt[i] : clean[i] - patched[u][i];
                            count[u]++;
                        }
                    }
                }
            }
        }
        double clean = cleanSum / n;
        double corrupted = corruptSum / n;
        double[] effect = new double[units.size()];
        double[] normalized = new double[units.size()];
        for (int u = 0; u < units.size(); u++) {
            effect[u] = count[u] == 0 ? 0 : sum[u] / count[u];
            normalized[u] = clean == corrupted ? 0 : effect[u] / (clean - corrupted);
        }
        progress.update(stage, total, total);
        return new Result(effect, normalized, clean, corrupted);
    }

    /** Whether some site of the unit has positions in item i (a unit at an empty position class says nothing). */
    private static boolean covers(PatchRun run, PatchRun.Unit unit, int i) {
        return unit.sites().stream().anyMatch(s -> run.hasPositions(i, s.positionClass()));
    }

    /** Gaussian noise on each item's subject embeddings, seeded per item so that chunking does not change it. */
    public float[][] noise(List<LocalizationSet.Item> chunk, int start) {
        if (!corruption.isNoise()) {
            return null;
        }
        int d = model.config().dModel();
        float[][] out = new float[chunk.size()][];
        for (int i = 0; i < chunk.size(); i++) {
            LocalizationSet.Item it = chunk.get(i);
            // the paper's sqrt3sd scales each prompt's noise by its own subject's embeddings; 3sd by the whole set's
            double std = corruption.perPromptNoise() ? corruption.noiseStd(subjectEmbeddingStd(model, List.of(it)))
                    : noiseStd();
            Random random = new Random(corruption.seed() * 1_000_003L + start + i);
            float[] values = new float[it.length() * d];
            for (int p = it.prompt().subjectStart(); p < it.prompt().subjectEnd(); p++) {
                for (int j = 0; j < d; j++) {
                    values[p * d + j] = (float) (random.nextGaussian() * std);
                }
            }
            out[i] = values;
        }
        return out;
    }

    /** Standard deviation of all values of these items' subject token embeddings, as the model sees them (hook_embed). */
    static double subjectEmbeddingStd(LocusModel model, List<LocalizationSet.Item> items) {
        long count = items.stream().mapToLong(it -> it.prompt().subjectLength()).sum();
        long[] tokens = new long[Math.toIntExact(count)];
        int k = 0;
        for (LocalizationSet.Item it : items) {
            for (int p = it.prompt().subjectStart(); p < it.prompt().subjectEnd(); p++) {
                tokens[k++] = it.ids()[p];
            }
        }
        try (NDManager scope = model.transformer().weights().manager().newSubManager()) {
            NDArray ids = scope.create(tokens);                                       // [tokens]
            NDArray table = model.transformer().weights().get(ParamNames.EMBED);      // [vocab, d_model]
            // [tokens, d_model], flattened
            float[] v = ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow()
                    .toType(DataType.FLOAT32, false).toFloatArray();
            double scale = model.config().scaleEmbeddings() ? Math.sqrt(model.config().dModel()) : 1;
            double mean = 0;
            for (float x : v) {
                mean += x;
            }
            mean /= v.length;
            double var = 0;
            for (float x : v) {
                var += (x - mean) * (x - mean);
            }
            return Math.sqrt(var / v.length) * scale;
        }
    }
}
