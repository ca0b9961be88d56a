package dev.locus.export;

import java.awt.BasicStroke;
import java.awt.Stroke;

/** The strokes of the lines and polygons that stand for a method: solid, or dashed for the unedited model. */
final class SeriesStrokes {
    static final Stroke LINE = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final Stroke DASHED = new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {6f, 4f}, 0f);

    private SeriesStrokes() {
    }
}
