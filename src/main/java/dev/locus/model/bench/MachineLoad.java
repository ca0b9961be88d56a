package dev.locus.model.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU other processes used over an interval, from {@code /proc/stat} and {@code /proc/self/stat}:
 * a benchmark means something only on an otherwise idle machine, so it says when it was not.
 * On systems without /proc it reports nothing.
 */
public final class MachineLoad {
    private static final double TICKS_PER_SECOND = 100.0;   // USER_HZ, 100 on every Linux we run on

    private final long busyStart;
    private final long selfStart;
    private final long wallStart;

    private MachineLoad(long busy, long self, long wall) {
        this.busyStart = busy;
        this.selfStart = self;
        this.wallStart = wall;
    }

    public static MachineLoad start() {
        return new MachineLoad(busyTicks(), selfTicks(), System.nanoTime());
    }

    /** Cores' worth of CPU that other processes used since {@link #start()}; NaN when unknown. */
    public double otherCores() {
        long busy = busyTicks();
        long self = selfTicks();
        if (busy < 0 || self < 0 || busyStart < 0 || selfStart < 0) {
            return Double.NaN;
        }
        double seconds = (System.nanoTime() - wallStart) / 1e9;
        double other = ((busy - busyStart) - (self - selfStart)) / TICKS_PER_SECOND;
        return Math.max(0, other / seconds);
    }

    private static long busyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + (f.length > 8 ? Long.parseLong(f[8]) : 0);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long selfTicks() {
        try {
            String s = Files.readString(Path.of("/proc/self/stat"));
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            // fields after the name start at "state" (field 3); utime and stime are fields 14 and 15
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
