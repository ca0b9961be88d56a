package dev.locus.ui.drive;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** The responsiveness probe sees a blocked JavaFX thread as a long gap between pulses. */
class FxPulseMonitorTest {
    @Test
    void aBlockedJavaFxThreadShowsAsTheLongestGap() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxPulseMonitor monitor = new FxPulseMonitor();
        fx(monitor::start);
        Thread.sleep(300);
        Platform.runLater(() -> {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread.sleep(500);
        fx(monitor::stop);
        int gaps = monitor.gaps();
        assertTrue(gaps >= 5, "pulses keep coming while it runs: " + monitor);
        assertTrue(monitor.maxGapMs() >= 240, monitor.toString());
        assertTrue(monitor.p99GapMs() <= monitor.maxGapMs());
        Thread.sleep(100);
        assertEquals(gaps, monitor.gaps(), "stopped means stopped");
    }
}
