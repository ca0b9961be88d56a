package dev.locus.localize.method;

import dev.locus.model.component.Component;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one localization method found: a score per head and per MLP (and, for causal tracing and per-position
 * patching, an effect per layer and token position), plus the per-layer attention and MLP scores that OT selection
 * ranks. Scores are positive when a component carries the answer.
 *
 * @param method {@code attribution-patching}, {@code activation-patching} or {@code causal-tracing}
 * @param setting how it was run, in words (corruption, direction, prompts), for summaries and files
 * @param rows heads ({@code L{l}.H{h}}) and MLPs ({@code L{l}.mlp}) in layer order
 * @param layerScores {@code L{l}.attn} (the layer's heads summed) and {@code L{l}.mlp}, the units OT selection adds
 * @param clean mean metric on the clean prompts
 * @param corrupted mean metric on the corrupted prompts
 * @param positions per-position effects (empty unless the method makes them)
 */
public record ComponentScores(String method, Metric metric, String setting, List<Row> rows,
        Map<String, Double> layerScores, double clean, double corrupted, List<PositionEffect> positions) {

    /**
     * One component's score.
     *
     * @param head the head, or -1 for an MLP
     * @param normalized score / (clean - corrupted), the share of the clean-corrupted gap it accounts for
     * @param details method-specific parts (attribution patching: q, k, v, z for heads; in, out for MLPs)
     */
    public record Row(String component, int layer, int head, double score, double normalized,
            Map<String, Double> details) {
        public Row {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        public boolean isMlp() {
            return head < 0;
        }
    }

    /**
     * The effect of patching one site at one position class (causal tracing: restoring {@code resid}, {@code mlp} or
     * {@code attn} output at a layer; per-position patching: a component id).
     */
    public record PositionEffect(String site, int layer, int position, String token, double effect,
            double normalized) {
    }

    public ComponentScores {
        rows = List.copyOf(rows);
        layerScores = Collections.unmodifiableMap(new LinkedHashMap<>(layerScores));
        positions = List.copyOf(positions);
    }

    /** The row of {@code component}, or null. */
    public Row row(String component) {
        for (Row r : rows) {
            if (r.component().equals(component)) {
                return r;
            }
        }
        return null;
    }

    /** Component ids by descending |score|. */
    public List<String> ranking() {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort((a, b) -> Double.compare(Math.abs(b.score()), Math.abs(a.score())));
        return sorted.stream().map(Row::component).toList();
    }

    /** Layer scores of a method whose head rows add up to the layer's attention score. */
    static Map<String, Double> summedByLayer(List<Row> rows, int layers) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int l = 0; l < layers; l++) {
            out.put(Component.attnId(l), 0.0);
            out.put(Component.mlpId(l), 0.0);
        }
        for (Row r : rows) {
            String key = r.isMlp() ? Component.mlpId(r.layer()) : Component.attnId(r.layer());
            out.merge(key, r.score(), Double::sum);
        }
        return out;
    }
}
