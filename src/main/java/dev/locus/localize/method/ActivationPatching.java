package dev.locus.localize.method;

import dev.locus.model.LocusModel;
import dev.locus.model.component.Component;
import dev.locus.model.hooks.HookPoints;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exact activation patching: for each head (its {@code hook_z}) and each MLP ({@code hook_mlp_out}), and optionally
 * each position class, one patched run per prompt; many components share a forward pass (the batch holds a copy of
 * the prompts per component). The ground truth that attribution patching approximates.
 */
public final class ActivationPatching {

    /**
     * @param denoise restore clean activations into the corrupted run (else corrupt one activation of the clean run)
     * @param perPosition also patch each component at each position class
     * @param promptsPerChunk prompts whose clean and corrupted caches are held at once
     * @param tokensPerPass tokens per patched forward pass (batch rows x length); bounds memory
     */
    public record Options(Metric metric, boolean denoise, boolean perPosition, int promptsPerChunk, int tokensPerPass) {
        public static Options defaults() {
            return new Options(Metric.LOGIT_DIFF, false, false, 64, 4096);
        }

        public Options withMetric(Metric m) {
            return new Options(m, denoise, perPosition, promptsPerChunk, tokensPerPass);
        }

        public Options withDenoise(boolean d) {
            return new Options(metric, d, perPosition, promptsPerChunk, tokensPerPass);
        }

        public Options withPerPosition(boolean p) {
            return new Options(metric, denoise, p, promptsPerChunk, tokensPerPass);
        }

        public Options withPromptsPerChunk(int n) {
            return new Options(metric, denoise, perPosition, n, tokensPerPass);
        }
    }

    private ActivationPatching() {
    }

    public static ComponentScores run(LocusModel model, LocalizationSet set, Corruption corruption, Options o,
                                      Progress progress) {
        return run("activation-patching", model, set, corruption, o, progress);
    }

    /** Shared with causal tracing, whose component scores are denoising patching of noised prompts. */
    static ComponentScores run(String method, LocusModel model, LocalizationSet set, Corruption corruption, Options o,
                               Progress progress) {
        Patching patching = new Patching(model, set, corruption, o.metric(), o.promptsPerChunk(), o.tokensPerPass());
        int layers = model.config().nLayers();
        int heads = model.config().nHeads();
        List<String> ids = new ArrayList<>();
        List<PatchRun.Unit> units = new ArrayList<>();
        Set<String> points = new LinkedHashSet<>();
        for (int l = 0; l < layers; l++) {
            points.add(HookPoints.z(l));              // [batch, pos, head, d_head]: a unit patches one head's slice
            points.add(HookPoints.mlpOut(l));         // [batch, pos, d_model]: a unit patches all of it
            for (int h = 0; h < heads; h++) {
                ids.add(Component.headId(l, h));
                units.add(unit(Component.headId(l, h), HookPoints.z(l), h, -1));
            }
            ids.add(Component.mlpId(l));
            units.add(unit(Component.mlpId(l), HookPoints.mlpOut(l), -1, -1));
        }
        int components = units.size();
        List<String> labels = patching.classes().labels();
        if (o.perPosition()) {
            for (int c = 0; c < components; c++) {
                PatchRun.Site s = units.get(c).sites().get(0);
                for (int p = 0; p < labels.size(); p++) {
                    units.add(unit(ids.get(c), s.hook(), s.head(), p));
                }
            }
        }
        Patching.Result r = patching.run(units, points, o.denoise(), progress, method);
        List<ComponentScores.Row> rows = new ArrayList<>();
        for (int c = 0; c < components; c++) {
            PatchRun.Site s = units.get(c).sites().get(0);
            int layer = Component.parse(ids.get(c)).orElseThrow().layer();
            rows.add(new ComponentScores.Row(ids.get(c), layer, s.head(), r.effect()[c], r.normalized()[c], Map.of()));
        }
        List<ComponentScores.PositionEffect> positions = new ArrayList<>();
        for (int u = components; u < units.size(); u++) {
            int c = (u - components) / labels.size();
            int p = (u - components) % labels.size();
            positions.add(new ComponentScores.PositionEffect(ids.get(c), rows.get(c).layer(), p, labels.get(p),
                    r.effect()[u], r.normalized()[u]));
        }
        String setting = patching.corruptionText()
                + ", " + (o.denoise() ? "denoising" : "noising") + ", metric " + o.metric().text() + ", "
                + set.size() + " prompts";
        return new ComponentScores(method, o.metric(), setting, rows, ComponentScores.summedByLayer(rows, layers),
                r.clean(), r.corrupted(), positions);
    }

    private static PatchRun.Unit unit(String label, String hook, int head, int positionClass) {
        return new PatchRun.Unit(label, List.of(new PatchRun.Site(hook, head, positionClass)));
    }
}
