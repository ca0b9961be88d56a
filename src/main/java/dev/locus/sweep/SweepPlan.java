package dev.locus.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.experiment.config.EditSettings;
import dev.locus.experiment.config.ExperimentConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The runs of a sweep, and the sweep folder they go into. A learning-rate sweep is a trial per config, method,
 * learning rate and forget coefficient (on each config's first seed, as the paper chose its settings); a multi-seed
 * run is a run per seed. The manifest is written before anything runs; a sweep folder that already holds the same
 * runs is taken up where it stands (complete runs are never run again).
 */
public final class SweepPlan {
    private SweepPlan() {
    }

    /** A trial per config x learning rate x forget coefficient x method, in that order. */
    public static List<SweepEntry> trials(List<ExperimentConfig> configs, List<Double> lrs, List<Double> coefs) {
        List<SweepEntry> entries = new ArrayList<>();
        boolean named = configs.size() > 1;
        if (configs.stream().map(ExperimentConfig::name).distinct().count() < configs.size()) {
            throw new LocusException("two configs of the sweep have the same name; each config's results are summarized"
                    + " under its name, so give each its own \"name\"");
        }
        // rates outermost: every method's first trial comes before any method's second, so that the later trials
        // find their method's selection in the cache (SelectionCache) even when workers start them together
        for (ExperimentConfig c : configs) {
            for (double lr : new LinkedHashSet<>(lrs)) {
                for (double coef : new LinkedHashSet<>(coefs)) {
                    for (String method : c.methods()) {
                        ObjectNode o = RunStatus.JSON.createObjectNode();
                        o.put("lr", lr).put("forget_coef", coef).put("eval_every", 0);
                        EditSettings edit = c.editFor(method).merged(o);
                        String tag = String.format(Locale.ROOT, "%s lr %.0e coef %s", method, lr, coef(coef));
                        String name = c.name() + "-" + tag.replace(' ', '-');
                        ExperimentConfig trial = c.withRun(name, List.of(c.seeds().get(0)), List.of(method))
                                .withEdit(c.edit(), Map.of(method, edit));
                        entries.add(SweepEntry.of(entries.size(), SweepEntry.TRIAL, (named ? c.name() + ": " : "") + tag,
                                trial, c.name()));
                    }
                }
            }
        }
        return unique(entries);
    }

    /** A run per seed of {@code config}. */
    public static List<SweepEntry> seeds(ExperimentConfig config) {
        List<SweepEntry> entries = new ArrayList<>();
        for (long seed : config.seeds()) {
            ExperimentConfig one = config.withRun(config.name() + "-seed" + seed, List.of(seed), config.methods());
            entries.add(SweepEntry.of(entries.size(), SweepEntry.RUN, "seed " + seed, one, config.name()));
        }
        return unique(entries);
    }

    private static String coef(double c) {
        return c == Math.rint(c) ? Long.toString((long) c) : Double.toString(c);
    }

    private static List<SweepEntry> unique(List<SweepEntry> entries) {
        Map<String, SweepEntry> seen = new HashMap<>();
        for (SweepEntry e : entries) {
            SweepEntry before = seen.putIfAbsent(e.id(), e);
            if (before != null) {
                throw new LocusException("the sweep has the same run twice: \"" + before.label() + "\" and \""
                        + e.label() + "\"");
            }
        }
        return entries;
    }

    /**
     * Writes the manifest and launch file into {@code dir}: a new or empty folder, a sweep folder with the same runs
     * (kept: its complete runs stay complete), or with {@code force} a sweep folder of other runs (emptied first).
     * Returns whether dir already held these runs.
     */
    public static boolean create(Path dir, List<SweepEntry> entries, SweepInfo info, boolean force) {
        if (entries.isEmpty()) {
            throw new LocusException("the sweep has no runs");
        }
        if (SweepFiles.isSweep(dir)) {
            List<String> had = SweepManifest.read(dir).stream().map(SweepEntry::id).toList();
            if (had.equals(entries.stream().map(SweepEntry::id).toList())) {
                SweepInfo old = SweepInfo.read(dir);
                new SweepInfo(info.kind(), info.name(), info.maintainFloor(), info.device(), info.dtype(),
                        info.cluster(), info.command(), old.submissions()).write(dir);
                return true;
            }
            if (!force) {
                throw new LocusException(dir + ": holds a sweep of other runs (" + had.size() + " runs); give --force to"
                        + " replace it, or choose a new folder");
            }
            clear(dir);
        } else if (Files.exists(dir) && !isEmptyFolder(dir)) {
            throw new LocusException(dir + ": " + (Files.isDirectory(dir) ? "is not empty and holds no sweep"
                    + " (no manifest.jsonl); choose a new folder" : "exists and is not a folder"));
        }
        SweepFiles.createFolders(dir);
        SweepManifest.write(dir, entries);
        info.write(dir);
        return false;
    }

    private static boolean isEmptyFolder(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw new LocusException(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static void clear(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new LocusException(dir + ": cannot empty it (" + e.getMessage() + ")", e);
        }
    }
}
