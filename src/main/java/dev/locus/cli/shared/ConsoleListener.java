package dev.locus.cli.shared;

import dev.locus.experiment.RunListener;
import java.io.PrintWriter;
import java.util.Locale;

/** Stage lines and every tenth of a stage's steps, with the elapsed time, on stderr. */
public final class ConsoleListener implements RunListener {
    private final PrintWriter err;
    private final long start;
    private int shown = -1;

    public ConsoleListener(PrintWriter err, long start) {
        this.err = err;
        this.start = start;
    }

    @Override
    public void stage(String name) {
        shown = -1;
        err.printf(Locale.ROOT, "[%5.0fs] %s%n", (System.nanoTime() - start) / 1e9, name);
        err.flush();
    }

    @Override
    public void step(String stage, int step, int total, double loss) {
        int tenth = total == 0 ? 10 : step * 10 / total;
        if (tenth != shown && tenth > 0) {
            shown = tenth;
            err.printf(Locale.ROOT, "[%5.0fs]   %s %d/%d%s%n", (System.nanoTime() - start) / 1e9, stage, step, total,
                    Double.isNaN(loss) ? "" : String.format(Locale.ROOT, "  forget loss %.3f", loss));
            err.flush();
        }
    }
}
