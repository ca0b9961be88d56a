package dev.locus.export;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * How each editing method looks in every figure: the paper's color, its display name, a marker shape, and the
 * canonical order of legends and bar groups (Guo et al., 2024, Mechanistic Unlearning, the figures' palette).
 * Methods not known here keep their own name and get a neutral grey; {@link #NONE}, the unedited model, is drawn
 * as a dark grey reference.
 */
public final class MethodStyle {
    /** The method name of the unedited model's rows. */
    public static final String NONE = "none";
    /** The color of methods not known here. */
    public static final Color UNKNOWN_COLOR = new Color(0x7f7f7f);
    /** The color of the unedited model ({@link #NONE}). */
    public static final Color NONE_COLOR = new Color(0x404040);

    private record Style(String name, Color color, Shape shape) {
    }

    private static final double S = 8.0; // marker size in points

    private static final Shape CIRCLE = new Ellipse2D.Double(-S / 2, -S / 2, S, S);
    private static final Shape SQUARE = new Rectangle2D.Double(-S * 0.42, -S * 0.42, S * 0.84, S * 0.84);
    private static final Shape DIAMOND = polygon(0, -S * 0.6, S * 0.6, 0, 0, S * 0.6, -S * 0.6, 0);
    private static final Shape TRIANGLE_UP = polygon(0, -S * 0.6, S * 0.55, S * 0.45, -S * 0.55, S * 0.45);
    private static final Shape TRIANGLE_DOWN = polygon(0, S * 0.6, S * 0.55, -S * 0.45, -S * 0.55, -S * 0.45);

    private static final List<String> ORDER = List.of("flu", "causal-tracing", "causal-tracing-mlps",
            "attribution-patching", "attribution-patching-mlps", "random", "random-mlps", "all-mlps", "nonlocalized");

    private static final Map<String, Style> STYLES = Map.of(
            "flu", new Style("Fact Lookup", new Color(0xd62728), CIRCLE),
            "causal-tracing", new Style("Causal Tracing", new Color(0xff7f0e), SQUARE),
            "causal-tracing-mlps", new Style("Causal Tracing MLPs", new Color(0xf1c40f), DIAMOND),
            "attribution-patching", new Style("Attribution Patching", new Color(0x1f77b4), TRIANGLE_UP),
            "attribution-patching-mlps", new Style("Attribution Patching MLPs", new Color(0x3498db), TRIANGLE_DOWN),
            "random", new Style("Random", new Color(0x2ca02c), CIRCLE),
            "random-mlps", new Style("Random MLPs", new Color(0x16a085), SQUARE),
            "all-mlps", new Style("All MLPs", new Color(0x8c564b), DIAMOND),
            "nonlocalized", new Style("Nonlocalized", new Color(0x9467bd), TRIANGLE_UP),
            NONE, new Style("Before editing", NONE_COLOR, CIRCLE));

    private static final Comparator<String> CANONICAL = Comparator.comparingInt(MethodStyle::rank)
            .thenComparing(Comparator.naturalOrder());

    private MethodStyle() {
    }

    /** The nine methods of the paper in the order of its legends. */
    public static List<String> order() {
        return ORDER;
    }

    /** The method's color: the paper's for the nine, dark grey for {@link #NONE}, neutral grey otherwise. */
    public static Color color(String method) {
        Style style = STYLES.get(method);
        return style == null ? UNKNOWN_COLOR : style.color();
    }

    /** The paper's name of the method ("Fact Lookup" for {@code flu}); an unknown method keeps its own name. */
    public static String displayName(String method) {
        Style style = STYLES.get(method);
        return style == null ? method : style.name();
    }

    /** The marker of the method's points on line charts, centred on (0, 0). */
    public static Shape shape(String method) {
        Style style = STYLES.get(method);
        return style == null ? CIRCLE : style.shape();
    }

    /** Whether the method is one of the nine of {@link #order()}. */
    public static boolean isKnown(String method) {
        return ORDER.contains(method);
    }

    /** Canonical order: the nine in {@link #order()}, then unknown methods by name, then {@link #NONE}. */
    public static Comparator<String> comparator() {
        return CANONICAL;
    }

    /** The distinct methods in canonical order (see {@link #comparator()}). */
    public static List<String> sorted(Collection<String> methods) {
        return methods.stream().distinct().sorted(CANONICAL).toList();
    }

    private static int rank(String method) {
        int index = ORDER.indexOf(method);
        if (index >= 0) {
            return index;
        }
        return NONE.equals(method) ? ORDER.size() + 1 : ORDER.size();
    }

    private static Shape polygon(double... xy) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            path.lineTo(xy[i], xy[i + 1]);
        }
        path.closePath();
        return path;
    }
}
