package dev.locus.export;

import java.util.Objects;

/**
 * One group of bars of {@link BeforeAfterBars#beforeAfterBars}: which value of {@code metrics.csv} it shows, and under
 * which label. Forget Error is the forget set's accuracy inverted ({@code 1 - accuracy}), so that higher is better in
 * every group.
 *
 * @param label the group's label on the category axis ("Forget Error ↑")
 * @param format the prompt format to read, or {@code null} for the format the chart is drawn for
 * @param split {@code forget}, {@code maintain} (held-out maintain facts), {@code general}, ...
 * @param metric {@code accuracy} (the paper's continuous one), {@code edit_accuracy}, {@code argmax_accuracy}, ...
 * @param invert whether the bar shows {@code 1 - value}
 */
public record MetricPanel(String label, String format, String split, String metric, boolean invert) {

    public MetricPanel {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(metric, "metric");
    }

    /** This panel's format, or chartFormat when it has none of its own. */
    public String formatOr(String chartFormat) {
        return format == null ? chartFormat : format;
    }

    /** The value a bar shows for a row's value: {@code 1 - value} when inverted. */
    public double shown(double value) {
        return invert ? 1.0 - value : value;
    }
}
