package dev.locus.cli.shared;

import dev.locus.localize.method.Progress;
import java.io.PrintWriter;
import java.util.Locale;

/** One progress line per stage per tenth of its work, on stderr. */
public final class ConsoleProgress implements Progress {
    private final PrintWriter err;
    private String stage = "";
    private long shown = -1;

    public ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(String s, long done, long total) {
        long tenth = total == 0 ? 10 : done * 10 / total;
        if (!s.equals(stage) || tenth != shown) {
            stage = s;
            shown = tenth;
            err.printf(Locale.ROOT, "%s: %d%% (%d/%d)%n", s, total == 0 ? 100 : done * 100 / total, done, total);
            err.flush();
        }
    }
}
