package dev.locus.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Locus's figures beside the peer's, at each thread count: the table `locus bench --compare-peer` prints. */
public record Comparison(List<Figures> peer, List<Figures> locus) {

    public Comparison {
        if (peer.size() != locus.size()) {
            throw new IllegalArgumentException(peer.size() + " peer measurements for " + locus.size());
        }
    }

    /** Locus over the peer, per row (as {@link Figures#ROWS}) and thread count: [row][thread count]. */
    public double[][] ratios() {
        double[][] r = new double[Figures.ROWS.size()][peer.size()];
        for (int t = 0; t < peer.size(); t++) {
            double[] p = peer.get(t).values();
            double[] l = locus.get(t).values();
            for (int row = 0; row < r.length; row++) {
                r[row][t] = l[row] / p[row];
            }
        }
        return r;
    }

    /** The lowest ratio of all. */
    public double worstRatio() {
        double worst = Double.POSITIVE_INFINITY;
        for (double[] row : ratios()) {
            for (double v : row) {
                worst = Math.min(worst, v);
            }
        }
        return worst;
    }

    /** A Markdown table, one row per figure, thread counts side by side ("1 / 2"). */
    public String markdown() {
        StringBuilder b = new StringBuilder("| same work | threads | PyTorch eager | Locus | ratio |\n")
                .append("|---|---|---|---|---|\n");
        double[][] ratios = ratios();
        for (int row = 0; row < Figures.ROWS.size(); row++) {
            final int r = row;
            b.append("| ").append(Figures.ROWS.get(row)).append(" | ")
                    .append(join(peer.stream().map(f -> Integer.toString(f.threads())).toList())).append(" | ")
                    .append(join(peer.stream().map(f -> number(f.values()[r])).toList())).append(" | ")
                    .append(join(locus.stream().map(f -> number(f.values()[r])).toList())).append(" | ")
                    .append(join(Arrays.stream(ratios[row]).mapToObj(v -> String.format(Locale.ROOT, "%.2f", v))
                            .toList())).append(" |\n");
        }
        return b.toString();
    }

    private static String join(List<String> parts) {
        return String.join(" / ", parts);
    }

    private static String number(double v) {
        return v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.0f", v);
    }
}
