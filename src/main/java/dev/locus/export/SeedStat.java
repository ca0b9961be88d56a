package dev.locus.export;

import dev.locus.experiment.MetricRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Mean over seeds of one value (each seed's rows averaged first), its spread, and the number of seeds: what a bar,
 * a radar vertex or a curve's point shows. Values that are not finite are ignored.
 */
record SeedStat(double mean, double std, int seeds) {

    /** The statistic of {@code value} over rows, or null when no row has a finite value. */
    static <T> SeedStat of(Collection<T> rows, ToLongFunction<T> seed, ToDoubleFunction<T> value) {
        Map<Long, List<Double>> bySeed = new TreeMap<>();
        for (T row : rows) {
            double v = value.applyAsDouble(row);
            if (Double.isFinite(v)) {
                bySeed.computeIfAbsent(seed.applyAsLong(row), k -> new ArrayList<>()).add(v);
            }
        }
        if (bySeed.isEmpty()) {
            return null;
        }
        double[] means = bySeed.values().stream()
                .mapToDouble(vs -> vs.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                .toArray();
        double mean = Arrays.stream(means).average().orElseThrow();
        double std = 0.0;
        if (means.length > 1) {
            double squares = 0.0;
            for (double m : means) {
                squares += (m - mean) * (m - mean);
            }
            std = Math.sqrt(squares / (means.length - 1));
        }
        return new SeedStat(mean, std, means.length);
    }

    /**
     * The statistic of a panel's value (as it shows it) over the rows that filter keeps, or null when there is none.
     *
     * @param chartFormat the format of a panel that names none
     */
    static SeedStat ofPanel(List<MetricRow> rows, MetricPanel panel, String chartFormat, Predicate<MetricRow> filter) {
        String format = panel.formatOr(chartFormat);
        List<MetricRow> matching = rows.stream()
                .filter(r -> r.format().equals(format) && r.split().equals(panel.split())
                        && r.metric().equals(panel.metric()))
                .filter(filter)
                .toList();
        return of(matching, MetricRow::seed, r -> panel.shown(r.value()));
    }

    /** The standard deviation over seeds, or null for a single seed (no error bar). */
    Double errorOrNull() {
        return seeds > 1 ? std : null;
    }

    double low() {
        return seeds > 1 ? mean - std : mean;
    }

    double high() {
        return seeds > 1 ? mean + std : mean;
    }
}
