package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject;
import java.util.List;

/**
 * The figures a run draws: the config's {@code "figures"} object.
 *
 * @param width each chart's width as drawn on screen, in pixels, 100 to 10000
 * @param height each chart's height as drawn on screen, in pixels, 100 to 10000
 * @param dpi resolution of the image files written, 72 to 600
 */
public record FigureSettings(boolean enabled, int width, int height, int dpi) {

    static final List<String> FIELDS = List.of("enabled", "width", "height", "dpi");

    /** Every field at its default. */
    public static final FigureSettings DEFAULTS = new FigureSettings(true, 900, 560, 150);

    static FigureSettings read(JsonObject o) {
        return new FigureSettings(o.flag("enabled", DEFAULTS.enabled), o.whole("width", DEFAULTS.width, 100, 10000),
                o.whole("height", DEFAULTS.height, 100, 10000), o.whole("dpi", DEFAULTS.dpi, 72, 600));
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("enabled", enabled);
        n.put("width", width);
        n.put("height", height);
        n.put("dpi", dpi);
        return n;
    }
}
