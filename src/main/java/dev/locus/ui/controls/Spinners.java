package dev.locus.ui.controls;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;

/** Editable whole-number spinners, made and bound one way everywhere. */
public final class Spinners {
    /** The key under which a spinner keeps its boxed bridge to the property alive (bidirectional bindings are weak). */
    private static final String BRIDGE = "locus-bound-value";

    private Spinners() {
    }

    /** A spinner over [min, max] bound both ways to {@code value}; a value outside the range is clamped into it. */
    public static Spinner<Integer> bound(int min, int max, IntegerProperty value, String tip) {
        Spinner<Integer> s = of(min, max, value.get(), 1, tip);
        ObjectProperty<Integer> boxed = value.asObject();
        s.getValueFactory().valueProperty().bindBidirectional(boxed);
        s.getProperties().put(BRIDGE, boxed);
        return s;
    }

    /** A spinner over [min, max] holding its own value (clamped), stepping by {@code step}; read it when needed. */
    public static Spinner<Integer> of(int min, int max, int value, int step, String tip) {
        Spinner<Integer> s = new Spinner<>(min, max, Math.max(min, Math.min(max, value)), step);
        s.setEditable(true);
        s.setTooltip(new Tooltip(tip));
        return s;
    }
}
