package dev.locus.localize.select;

import dev.locus.model.component.ComponentSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Components chosen by one selection strategy: what an edit will train. Use it as what every strategy returns, what
 * mask files store and what the GUI draws over a heatmap.
 *
 * @param strategy the method name users and metrics know it by: {@code flu}, {@code attribution-patching},
 *     {@code causal-tracing-mlps}, {@code random}, {@code all-mlps}, {@code nonlocalized}, ...
 * @param components the chosen components
 * @param parameterCount scalars the components cover, each counted once
 * @param rule in words, how the components were chosen (shown to users and stored with masks)
 * @param scores the per-component scores the choice was made from (component id to score), in ranking order; empty
 *     when the strategy uses none
 */
public record Selection(String strategy, ComponentSet components, long parameterCount, String rule,
        Map<String, Double> scores) {

    public Selection {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(components, "components");
        Objects.requireNonNull(rule, "rule");
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores == null ? Map.of() : scores));
    }
}
