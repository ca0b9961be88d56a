package dev.locus.cli;

import dev.locus.experiment.ResultsTable;
import dev.locus.experiment.RunRecorder;
import dev.locus.experiment.config.ExperimentConfig;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** The run's headline table for a terminal. */
final class RunSummary {
    private RunSummary() {
    }

    static void print(PrintWriter out, RunRecorder run, ExperimentConfig c) {
        Map<String, Map<String, Double>> table = ResultsTable.of(c.methods(), run.metrics(), run.probes());
        out.printf(Locale.ROOT, "%-27s", "method (after the edit)");
        ResultsTable.COLUMNS.forEach(col -> out.printf(Locale.ROOT, " %9s", col.length() > 9 ? col.substring(0, 9) : col));
        out.println();
        table.forEach((method, row) -> {
            out.printf(Locale.ROOT, "%-27s", method);
            row.values().forEach(v -> out.printf(Locale.ROOT, " %9s", Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v)));
            out.println();
        });
        out.println("forget/maintain/edit: standard-format accuracy (the paper's: mean P(answer) over the candidates; "
                + "maintain on held-out maintain facts); mcq_*: multiple choice; relearned: held-out half after the "
                + "attack; probe_*: latent probes on the forget facts, mean over later layers");
        out.println("time per stage:" + RunCommand.seconds(run.seconds()));
    }
}
