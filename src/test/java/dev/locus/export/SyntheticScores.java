package dev.locus.export;

import dev.locus.localize.method.ComponentScores;
import dev.locus.localize.method.Metric;
import dev.locus.model.component.Component;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Component scores of a made-up large model (the heatmap's worst case: 42 layers x 16 heads and an MLP). */
public final class SyntheticScores {
    private SyntheticScores() {
    }

    public static ComponentScores of(int layers, int heads, long seed) {
        Random random = new Random(seed);
        List<ComponentScores.Row> rows = new ArrayList<>();
        Map<String, Double> layerScores = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            double attn = 0;
            for (int h = 0; h < heads; h++) {
                double v = random.nextGaussian() * 0.05;
                attn += v;
                rows.add(new ComponentScores.Row(Component.headId(l, h), l, h, v, v / 2, Map.of()));
            }
            double mlp = random.nextGaussian() * 0.2 + (l < 4 ? 0.5 : 0);
            rows.add(new ComponentScores.Row(Component.mlpId(l), l, -1, mlp, mlp / 2, Map.of()));
            layerScores.put(Component.attnId(l), attn);
            layerScores.put(Component.mlpId(l), mlp);
        }
        return new ComponentScores("attribution-patching", Metric.LOGIT_DIFF, "synthetic", rows, layerScores, 2.0, 0.0,
                List.of());
    }
}
