package dev.locus.ui.runs;

import dev.locus.experiment.MetricRow;
import dev.locus.experiment.RunListener;
import dev.locus.ui.task.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;

/**
 * What a run reports, carried from the model thread to the window: stages and steps become the job's progress and
 * ETA, the edit's forget losses become points of the live loss curves, and new metric rows tell the results panel to
 * reread. It is also where a cancelled run stops: every report checks the job.
 *
 * <p>Points are collected here and handed over in batches: at most one {@link Platform#runLater} is pending at a
 * time, and steps post at most every {@value #STEP_POST_MS} ms, so a fast edit never floods the JavaFX thread.
 */
public final class RunFeed implements RunListener {
    /** Steps post a batch at most this often; stages and metric rows post at once. */
    static final long STEP_POST_MS = 100;
    /** The engine's stage of an edit's training steps ends so: "seed 0: flu: edit". */
    private static final String EDIT_STAGE = ": edit";

    private final Job.Reporter reporter;
    private final LiveRuns live;
    private final RunStatus row;
    private final List<LossCurves.Point> pending = new ArrayList<>();
    private final AtomicBoolean posted = new AtomicBoolean();
    private volatile boolean metricsChanged;
    private long lastPost;

    RunFeed(Job.Reporter reporter, LiveRuns live, RunStatus row) {
        this.reporter = reporter;
        this.live = live;
        this.row = row;
    }

    @Override
    public void stage(String name) {
        reporter.checkCancelled();
        // No steps yet: the job shows the stage with a busy bar until its steps report.
        reporter.progress(name, -1, -1);
        post();
    }

    @Override
    public void step(String stage, int step, int total, double loss) {
        reporter.checkCancelled();
        reporter.progress(stage, step, total);
        String method = Double.isNaN(loss) ? null : editedMethod(stage);
        if (method != null) {
            synchronized (pending) {
                pending.add(new LossCurves.Point(method, step, loss));
            }
        }
        if (System.nanoTime() - lastPost >= STEP_POST_MS * 1_000_000 || step == total) {
            post();
        }
    }

    @Override
    public void metric(MetricRow row) {
        reporter.checkCancelled();
        metricsChanged = true;
        post();
    }

    /** Hands what is left to the window; called when the run ends, however it ends. */
    void flush() {
        post();
    }

    /** The method whose edit a stage trains ("seed 0: flu: edit" is flu's), or null for other stages. */
    public static String editedMethod(String stage) {
        if (!stage.endsWith(EDIT_STAGE)) {
            return null;
        }
        String rest = stage.substring(0, stage.length() - EDIT_STAGE.length());
        int colon = rest.indexOf(": ");
        return colon < 0 ? rest : rest.substring(colon + 2);
    }

    private void post() {
        lastPost = System.nanoTime();
        if (posted.compareAndSet(false, true)) {
            Platform.runLater(this::deliver);
        }
    }

    /** On the JavaFX thread: everything collected since the last delivery, in one go. */
    private void deliver() {
        // Cleared before draining, so that what arrives meanwhile posts a new delivery instead of being lost.
        posted.set(false);
        List<LossCurves.Point> batch;
        synchronized (pending) {
            batch = new ArrayList<>(pending);
            pending.clear();
        }
        live.curves().add(batch);
        row.seconds().set(row.job().elapsedSeconds());
        if (metricsChanged) {
            metricsChanged = false;
            live.requestRunsChanged();
        }
    }
}
