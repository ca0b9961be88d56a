package dev.locus.ui.drive;

import dev.locus.export.circuit.CircuitFigure;
import dev.locus.localize.circuit.Circuit;
import dev.locus.localize.circuit.CircuitLayout;
import dev.locus.localize.circuit.EdgeScores;
import dev.locus.ui.circuit.CircuitView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The circuit view's redraw benchmark: a synthetic graph of the paper's model size (42 layers x 16 heads, 8 key/value
 * heads; random scores, seeded) with 5,000 edges shown, panned and zoomed one step per frame as a user's drag and
 * mouse wheel would. Reports the redraw time on the JavaFX thread (median, 95th percentile), the time of the edge
 * images rendered off it, and the largest gap between frames (which includes the rendering of what was drawn). {@code -Dlocus.bench.circuit=FRAMES} on the
 * workbench's command line runs it in a window of its own and prints the line; CircuitViewBenchTest runs it small.
 */
public final class CircuitViewBench {
    /** What was measured. */
    public record Result(int layers, int heads, int edges, int frames, int redraws, double medianMs, double p95Ms,
                         double maxMs, int renders, double renderMedianMs, double renderP95Ms, double maxGapMs,
                         double p99GapMs, int drawnAtFit, String longGaps) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "circuit view %d x %d heads, %d edges: %d frames, %d redraws; redraw "
                    + "median %.2f ms, p95 %.2f ms, max %.2f ms on the JavaFX thread; %d edge images rendered off it, median "
                    + "%.1f ms, p95 %.1f ms; gaps between frames: largest %.1f ms, p99 %.1f ms; "
                    + "%d edges drawn when fitted; gaps of 50 ms or more (ms from the start: length): %s", layers, heads, edges, frames, redraws, medianMs, p95Ms, maxMs,
                    renders, renderMedianMs, renderP95Ms, maxGapMs, p99GapMs, drawnAtFit, longGaps.isEmpty() ? "none" : longGaps);
        }
    }

    /** Frames of the script run before measuring. */
    static final int WARM_UP = 30;

    private CircuitViewBench() {
    }

    /** Random scores (a few strong, most weak) on every edge, and the top n of them as the circuit, unpruned. */
    public static Circuit synthetic(CircuitLayout layout, int n, long seed) {
        Random r = new Random(seed);
        double[] s = EdgeScores.unscored(layout);
        int nd = layout.downstreamCount();
        for (int v = 0; v < nd; v++) {
            for (int u = 0; u < layout.readers(v); u++) {
                s[u * nd + v] = r.nextGaussian() * (r.nextDouble() < 0.01 ? 1 : 0.05);
            }
        }
        EdgeScores scores = new EdgeScores(layout, "eap", "synthetic, seed " + seed, "logit-diff", EdgeScores.ALL,
                2, 0, s);
        List<EdgeScores.Edge> ranked = scores.ranked();
        return new Circuit(scores, ranked.subList(0, Math.min(n, ranked.size())), "top " + n + ", not pruned");
    }

    /**
     * Shows the view in stage at 1200 x 800 and moves it for {@code frames} frames (call off the JavaFX thread;
     * returns when done).
     */
    public static Result run(Stage stage, int layers, int heads, int edges, int frames) throws Exception {
        Circuit circuit = synthetic(new CircuitLayout(layers, heads, Math.max(1, heads / 2), false), edges, 19);
        CircuitFigure figure = new CircuitFigure(circuit, List.of("L3.H2", "L20.mlp"), List.of("L21.attn"), null);
        CircuitView view = new CircuitView();
        long[] times = new long[frames * 2 + 64];
        int[] count = {0};
        long[] renders = new long[frames * 2 + 64];
        int[] renderCount = {0};
        int[] drawnAtFit = {0};
        FxPulseMonitor monitor = new FxPulseMonitor();
        CompletableFuture<Void> done = new CompletableFuture<>();
        FxDriver.fx(() -> {
            stage.setScene(new Scene(new StackPane(view), 1200, 800));
            stage.show();
            view.setFigure(figure);
            return null;
        });
        FxDriver.fx(() -> {
            view.fit();
            return null;
        });
        FxDriver.waitFor(120, () -> FxDriver.fx(() -> view.edgesCurrent() && view.lastDrawn() > 0));
        FxDriver.fx(() -> {
            drawnAtFit[0] = view.lastDrawn();
            new AnimationTimer() {
                private int frame = -WARM_UP;

                @Override
                public void handle(long now) {
                    if (frame == 0) {
                        // Measured from here: the first frames load classes and fill the renderer's caches.
                        view.setOnRedraw(nanos -> {
                            if (count[0] < times.length) {
                                times[count[0]++] = nanos;
                            }
                        });
                        view.setOnEdgeRender(nanos -> {
                            if (renderCount[0] < renders.length) {
                                renders[renderCount[0]++] = nanos;
                            }
                        });
                        monitor.start();
                    }
                    step(view, Math.max(0, frame++), frames);
                    if (frame > frames) {
                        stop();
                        monitor.stop();
                        done.complete(null);
                    }
                }
            }.start();
            return null;
        });
        done.get(10, TimeUnit.MINUTES);
        long[] t = Arrays.copyOf(times, count[0]);
        Arrays.sort(t);
        long[] r = Arrays.copyOf(renders, renderCount[0]);
        Arrays.sort(r);
        return new Result(layers, heads, circuit.edges().size(), frames, t.length, percentile(t, 0.5),
                percentile(t, 0.95), t.length == 0 ? 0 : t[t.length - 1] / 1e6, r.length, percentile(r, 0.5),
                percentile(r, 0.95), monitor.maxGapMs(), monitor.p99GapMs(), drawnAtFit[0],
                String.join(", ", monitor.longGaps().stream().map(g -> String.format(Locale.ROOT, "%.0f: %.0f", g[0],
                        g[1])).toList()));
    }

    /**
     * One frame of the script: a drag across, a zoom in around a point, a drag while zoomed, a zoom out (the warm-up
     * repeats the first frame's drag).
     */
    private static void step(CircuitView view, int frame, int frames) {
        int phase = frame * 4 / Math.max(1, frames);
        switch (phase) {
            case 0 -> view.pan(frame % 40 < 20 ? 4 : -4, frame % 60 < 30 ? -6 : 6);
            case 1 -> view.zoomAt(1.025, 600, 400);
            case 2 -> view.pan(frame % 30 < 15 ? 9 : -9, frame % 50 < 25 ? 12 : -12);
            default -> view.zoomAt(1 / 1.025, 600, 400);
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** The {@code -Dlocus.bench.circuit=FRAMES} run: prints the result; returns its line. */
    static String measure(int frames) throws Exception {
        Stage stage = FxDriver.fx(Stage::new);
        List<String> lines = new ArrayList<>();
        Result r = run(stage, 42, 16, 5000, frames);
        lines.add(r.toString());
        FxDriver.fx(() -> {
            stage.close();
            return null;
        });
        System.out.println(lines.get(0));
        return lines.get(0);
    }
}
