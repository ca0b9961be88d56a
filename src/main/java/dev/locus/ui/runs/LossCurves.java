package dev.locus.ui.runs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.SimpleLongProperty;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The forget loss of each edit while it trains, one series per method (keyed by its method name), for the live
 * loss chart. Changed on the JavaFX thread only, a batch at a time, so the chart redraws once per batch and not once
 * per step.
 */
public final class LossCurves {
    /** One training step's forget loss. */
    public record Point(String method, int step, double loss) {
    }

    private final XYSeriesCollection dataset = new XYSeriesCollection();
    private final LongProperty version = new SimpleLongProperty();

    /** The chart's data. */
    public XYSeriesCollection dataset() {
        return dataset;
    }

    /** Grows by one for every batch added and every clear; the view redraws legends and hints from it. */
    public ReadOnlyLongProperty version() {
        return version;
    }

    /**
     * Adds a batch. A point whose step is not after the last one of its method starts that curve over: the method
     * is being edited again (a new queue, another seed), and one curve should show one edit.
     */
    public void add(List<Point> points) {
        if (points.isEmpty()) {
            return;
        }
        Set<XYSeries> touched = new LinkedHashSet<>();
        for (Point p : points) {
            XYSeries s = series(p.method());
            if (s.getItemCount() > 0 && p.step() <= s.getMaxX()) {
                s.clear();
            }
            s.add(p.step(), p.loss(), false);
            touched.add(s);
        }
        touched.forEach(XYSeries::fireSeriesChanged);
        version.set(version.get() + 1);
    }

    /** Drops every curve. */
    public void clear() {
        dataset.removeAllSeries();
        version.set(version.get() + 1);
    }

    /** The methods with a curve, in the order they first trained. */
    public List<String> methods() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < dataset.getSeriesCount(); i++) {
            out.add((String) dataset.getSeriesKey(i));
        }
        return out;
    }

    /** Points of method's curve so far (0 without one). */
    public int points(String method) {
        int i = dataset.getSeriesIndex(method);
        return i < 0 ? 0 : dataset.getSeries(i).getItemCount();
    }

    private XYSeries series(String method) {
        int i = dataset.getSeriesIndex(method);
        if (i >= 0) {
            return dataset.getSeries(i);
        }
        // autoSort off, duplicates allowed: steps arrive in order, and sorting would only cost time.
        XYSeries s = new XYSeries(method, false, true);
        dataset.addSeries(s);
        return s;
    }
}
