package dev.locus.ui.controls;

import dev.locus.export.FigureTheme;
import dev.locus.export.MethodStyle;
import javafx.scene.Scene;
import javafx.scene.paint.Color;
import org.jfree.chart.JFreeChart;

/**
 * The look: one stylesheet of color tokens ({@code locus.css}) for the window, and charts drawn in the light palette
 * of the exported figures, so that what a user sees is what a paper gets. Method colors come from
 * {@link MethodStyle} (the paper's), for charts and for swatches in the window alike.
 */
public final class Theme {
    public static final String STYLESHEET = Theme.class.getResource("locus.css").toExternalForm();

    private Theme() {
    }

    public static void apply(Scene scene) {
        scene.getStylesheets().add(STYLESHEET);
    }

    /** A chart styled as the exported figures are. */
    public static JFreeChart chart(JFreeChart chart) {
        return FigureTheme.apply(chart);
    }

    /** A method's color as a JavaFX color (for legends and swatches next to charts). */
    public static Color method(String method) {
        java.awt.Color c = MethodStyle.color(method);
        return Color.rgb(c.getRed(), c.getGreen(), c.getBlue());
    }
}
