package dev.locus.ui.results;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.ProbeRow;
import dev.locus.experiment.ResultsTable;
import dev.locus.experiment.RunBatch;
import dev.locus.experiment.RunFolder;
import dev.locus.export.BeforeAfterBars;
import dev.locus.export.CurveCharts;
import dev.locus.export.MethodStyle;
import dev.locus.export.RadarChart;
import dev.locus.export.RunFigures;
import dev.locus.export.RunRows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;

/**
 * What the Results panel shows for one run (or batch), or two compared: the charts, the headline table and the
 * comparison rows, built on the file thread from the runs' rows (no nodes; charts are JFreeChart objects).
 */
final class ShownResults {
    private ShownResults() {
    }

    /** The name of the runs' methods after prefixing: "A · Fact Lookup". */
    static String prefixed(String run, String method) {
        return run + " · " + MethodStyle.displayName(method);
    }

    /**
     * Everything the panel shows for runs a (and b to compare with, or null): charts in format (or the first format
     * the runs have), the headline table, the comparison.
     */
    static ResultsViewModel.Shown build(List<RunFolder> a, String labelA, List<RunFolder> b, String labelB, String format) {
        if (a.isEmpty()) {
            return null; // its runs have written nothing yet
        }
        RunBatch ma = RunBatch.of(a);
        List<MetricRow> metrics;
        List<ProbeRow> probes;
        List<String> methods;
        Map<String, java.awt.Color> colors = new LinkedHashMap<>();
        Map<String, String> colorOf = new LinkedHashMap<>();
        List<ResultsViewModel.CompareRow> comparison = new ArrayList<>();
        String summary;
        if (b == null) {
            metrics = ma.metrics();
            probes = ma.probes();
            methods = ma.methods();
            long seeds = metrics.stream().mapToLong(MetricRow::seed).distinct().count();
            summary = methods.size() + (methods.size() == 1 ? " method" : " methods") + ", " + seeds
                    + (seeds == 1 ? " seed" : " seeds") + ", " + a.size() + (a.size() == 1 ? " run" : " runs");
            if (a.stream().anyMatch(r -> dev.locus.ui.edit.PaperComparison.isBundled(r.config()))) {
                summary += ". The bundled comparison: " + dev.locus.ui.edit.PaperComparison.FINDING;
            }
        } else {
            RunBatch mb = RunBatch.of(b);
            metrics = new ArrayList<>();
            probes = new ArrayList<>();
            methods = new ArrayList<>();
            addPrefixed("A", ma, metrics, probes, methods, colors, colorOf, false);
            addPrefixed("B", mb, metrics, probes, methods, colors, colorOf, true);
            Map<String, Map<String, Double>> ta = ResultsTable.of(ma.methods(), ma.metrics(), ma.probes());
            Map<String, Map<String, Double>> tb = ResultsTable.of(mb.methods(), mb.metrics(), mb.probes());
            for (String m : MethodStyle.sorted(union(ma.methods(), mb.methods()))) {
                for (String col : ResultsTable.COLUMNS) {
                    double va = ta.containsKey(m) ? ta.get(m).get(col) : Double.NaN;
                    double vb = tb.containsKey(m) ? tb.get(m).get(col) : Double.NaN;
                    if (!Double.isNaN(va) || !Double.isNaN(vb)) {
                        comparison.add(new ResultsViewModel.CompareRow(m, col, va, vb));
                    }
                }
            }
            summary = "A = " + labelA + ", B = " + labelB;
        }
        List<String> formats = metrics.stream().filter(r -> r.phase().equals(RunRows.AFTER) && r.split().equals("forget"))
                .map(MetricRow::format).distinct().toList();
        String f = formats.contains(format) ? format : formats.contains("standard") ? "standard"
                : formats.isEmpty() ? "standard" : formats.get(0);
        String general = RunFigures.generalName(a.get(0).config());
        Map<String, JFreeChart> charts = new LinkedHashMap<>();
        charts.put("bars", BeforeAfterBars.beforeAfterBars("Before and After Editing (" + RunRows.formatName(f) + ")", metrics, f,
                RunFigures.barPanels(f, general)));
        JFreeChart radar = RadarChart.radar(metrics, general);
        if (radar.getPlot() instanceof org.jfree.chart.plot.SpiderWebPlot web) {
            // a pane of the window is narrower than a figure: more room around the web for the axis labels
            web.setInteriorGap(Math.max(web.getInteriorGap(), 0.24));
        }
        charts.put("radar", radar);
        boolean relearnInFormat = metrics.stream().anyMatch(r -> r.format().equals(f)
                && r.phase().startsWith(RunRows.RELEARN_PREFIX));
        charts.put("relearn", CurveCharts.relearnCurves(metrics, relearnInFormat ? f : "standard"));
        charts.put("probes-true", CurveCharts.probeCurves(probes, "true"));
        charts.put("probes-edit", CurveCharts.probeCurves(probes, "edit"));
        if (b != null) {
            charts.values().forEach(c -> SeriesColors.apply(c, colors, "A = " + labelA + "   B = " + labelB + " (lighter)"));
        }
        List<ResultsViewModel.TableRow> table = new ArrayList<>();
        ResultsTable.of(methods, metrics, probes).forEach((m, values) -> table.add(new ResultsViewModel.TableRow(m,
                colorOf.getOrDefault(m, m), m.startsWith("B · "), values)));
        List<String> planned = a.stream().flatMap(r -> r.config().methods().stream()).distinct().toList();
        return new ResultsViewModel.Shown(metrics, probes, methods, formats, f, charts, table, comparison, summary,
                planned);
    }

    private static void addPrefixed(String run, RunBatch m, List<MetricRow> metrics, List<ProbeRow> probes,
            List<String> methods, Map<String, java.awt.Color> colors, Map<String, String> colorOf, boolean lighter) {
        for (String method : m.methods()) {
            String name = prefixed(run, method);
            methods.add(name);
            colorOf.put(name, method);
            java.awt.Color c = MethodStyle.color(method);
            colors.put(name, lighter ? SeriesColors.lighter(c) : c);
        }
        for (MetricRow r : m.metrics()) {
            metrics.add(r.withMethod(r.method().equals(MethodStyle.NONE) ? r.method() : prefixed(run, r.method())));
        }
        for (ProbeRow r : m.probes()) {
            probes.add(r.withMethod(r.method().equals(MethodStyle.NONE) ? r.method() : prefixed(run, r.method())));
        }
    }

    private static List<String> union(List<String> a, List<String> b) {
        LinkedHashSet<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
