package dev.locus.export.heatmap;

import dev.locus.export.FigureTheme;
import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;
import org.jfree.chart.renderer.PaintScale;

/**
 * The heatmaps' color scale: blue below 0, white at 0, red above (ColorBrewer RdBu), linear in the value and
 * symmetric so that equal colors mean equal magnitudes; a 256-entry table keeps a lookup cheap for large heatmaps.
 */
public final class DivergingScale implements PaintScale, Serializable {
    /** The scale's ends and middle. */
    static final Color NEGATIVE = new Color(0x2166ac);
    public static final Color ZERO = new Color(0xf7f7f7);
    static final Color POSITIVE = new Color(0xb2182b);

    private static final long serialVersionUID = 1L;
    private final double bound;
    private final Color[] table = new Color[257];

    /** A scale from -bound (blue) to bound (red); a bound that is not positive is taken as 1. */
    public DivergingScale(double bound) {
        this.bound = bound > 0 ? bound : 1;
        for (int i = 0; i < table.length; i++) {
            double t = (i - 128) / 128.0;
            table[i] = t < 0 ? mix(ZERO, NEGATIVE, -t) : mix(ZERO, POSITIVE, t);
        }
    }

    @Override
    public double getLowerBound() {
        return -bound;
    }

    @Override
    public double getUpperBound() {
        return bound;
    }

    @Override
    public Paint getPaint(double value) {
        if (Double.isNaN(value)) {
            return FigureTheme.GRID;
        }
        double t = Math.max(-1, Math.min(1, value / bound));
        return table[(int) Math.round(t * 128) + 128];
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
