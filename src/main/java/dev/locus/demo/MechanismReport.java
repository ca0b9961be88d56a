package dev.locus.demo;

import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.demo.MechanismChecks.Ablation;
import dev.locus.demo.MechanismChecks.Position;
import dev.locus.demo.MechanismChecks.Score;
import dev.locus.demo.MechanismChecks.Site;
import dev.locus.model.LocusModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The full table of {@link MechanismChecks} on one model and fact set, by name (for a JSON file) and printed as it
 * comes: how concentrated the lookup is (each MLP and each attention layer ablated alone, at the subject's tokens,
 * at its last token only, at its first only, at the final position; the first k together), where layer 0's heads
 * look from the last name, and the probe curves at the last name and the final token.
 */
public final class MechanismReport {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final PrintWriter out;

    private MechanismReport(PrintWriter out) {
        this.out = out;
    }

    public Map<String, Object> values() {
        return values;
    }

    /** Measures {@code facts} (probes: the first 80% train, the rest test) with attributes among {@code classes}. */
    public static MechanismReport measure(LocusModel model, PromptFormat format, List<Fact> facts, List<String> classes,
                                          PrintWriter out) {
        MechanismReport r = new MechanismReport(out);
        MechanismChecks checks = new MechanismChecks(model, format);
        int layers = model.config().nLayers();
        r.put("none", checks.score(facts, List.of()));
        Map<String, Set<Position>> where = new LinkedHashMap<>();
        where.put("subject", MechanismChecks.SUBJECT);
        where.put("subject_last", EnumSet.of(Position.SUBJECT_LAST));
        where.put("subject_first", EnumSet.of(Position.SUBJECT_FIRST));
        where.put("final", EnumSet.of(Position.FINAL));
        for (Site site : Site.values()) {
            for (Map.Entry<String, Set<Position>> w : where.entrySet()) {
                Score[] each = checks.eachLayer(facts, site, w.getValue());
                for (int l = 0; l < layers; l++) {
                    r.put("ablate.L" + l + "." + site.name().toLowerCase() + ".at_" + w.getKey(), each[l]);
                }
            }
        }
        for (Site site : Site.values()) {
            String s = site.name().toLowerCase();
            for (int k = 1; k < layers; k++) {
                r.put("ablate." + s + "_0_to_" + k + ".at_subject", checks.score(facts, range(site, 0, k, MechanismChecks.SUBJECT)));
                r.put("ablate." + s + "_1_to_" + k + ".at_final", checks.score(facts, range(site, 1, k, EnumSet.of(Position.FINAL))));
            }
        }
        r.put("attention.L0.last_to_first", checks.attention(facts, 0, Position.SUBJECT_LAST, Position.SUBJECT_FIRST));
        r.put("attention.L0.last_to_last", checks.attention(facts, 0, Position.SUBJECT_LAST, Position.SUBJECT_LAST));
        int split = facts.size() * 4 / 5;
        List<Fact> train = facts.subList(0, split);
        List<Fact> test = facts.subList(split, facts.size());
        r.put("probe.subject_last", checks.probe(Position.SUBJECT_LAST, train, test, classes).trueAccuracy());
        r.put("probe.final", checks.probe(Position.FINAL, train, test, classes).trueAccuracy());
        return r;
    }

    private static List<Ablation> range(Site site, int from, int to, Set<Position> at) {
        List<Ablation> out = new ArrayList<>();
        for (int l = from; l <= to; l++) {
            out.add(new Ablation(site, l, at));
        }
        return out;
    }

    private void put(String key, Object value) {
        String shown;
        if (value instanceof Score s) {
            values.put(key + ".accuracy", s.accuracy());
            values.put(key + ".probability", s.probability());
            shown = String.format("accuracy %.3f  P(true) %.3f", s.accuracy(), s.probability());
        } else {
            double[] d = (double[]) value;
            values.put(key, d);
            shown = Arrays.toString(Arrays.stream(d).map(x -> Math.round(x * 1000) / 1000.0).toArray());
        }
        out.printf("%-44s %s%n", key, shown);
        out.flush();
    }
}
