package dev.locus.experiment.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.JsonObject;
import dev.locus.core.JsonObject.Bound;
import java.util.List;

/**
 * The latent-knowledge probes after each edit: the config's {@code "probes"} object.
 *
 * @param l2 the logistic regression's L2 penalty, above 0
 * @param iterations optimizer iterations per probe, at least 1
 */
public record ProbeSettings(boolean enabled, double l2, int iterations) {

    static final List<String> FIELDS = List.of("enabled", "l2", "iterations");

    /** Every field at its default. */
    public static final ProbeSettings DEFAULTS = new ProbeSettings(true, 1e-3, 300);

    static ProbeSettings read(JsonObject o) {
        return new ProbeSettings(o.flag("enabled", DEFAULTS.enabled), o.number("l2", DEFAULTS.l2, Bound.ABOVE_ZERO),
                o.whole("iterations", DEFAULTS.iterations, 1, Integer.MAX_VALUE));
    }

    ObjectNode toJson() {
        ObjectNode n = ConfigFiles.MAPPER.createObjectNode();
        n.put("enabled", enabled);
        n.put("l2", l2);
        n.put("iterations", iterations);
        return n;
    }
}
