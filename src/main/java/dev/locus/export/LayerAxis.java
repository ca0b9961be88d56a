package dev.locus.export;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;

/**
 * How figures label layers: a heatmap's rows {@code L0}, {@code L1}, ... and a curve's layer axis as numbers with the
 * embeddings (layer -1) as {@code emb}.
 */
public final class LayerAxis {
    /** The label of layer -1, the embeddings, on a numeric layer axis. */
    static final String EMBEDDINGS = "emb";

    private LayerAxis() {
    }

    /** The row labels of {@code layers} layers: {@code L0}, {@code L1}, ... */
    public static List<String> rowLabels(int layers) {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            out.add("L" + l);
        }
        return out;
    }

    /** The tick labels of a numeric layer axis: layer numbers, -1 as {@link #EMBEDDINGS}. */
    static NumberFormat tickFormat() {
        return new LayerNumbers();
    }

    /** Layer numbers, with the embeddings (-1) as "emb"; a value that is not a whole number is written as it is. */
    private static final class LayerNumbers extends NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            long rounded = Math.round(number);
            if (Math.abs(number - rounded) > 1e-9) {
                return toAppendTo.append(number);
            }
            return format(rounded, toAppendTo, pos);
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(number == -1 ? EMBEDDINGS : Long.toString(number));
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }
}
