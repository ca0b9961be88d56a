package dev.locus.ui.drive;

import static org.junit.jupiter.api.Assertions.*;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The circuit view's redraw benchmark, run small (headless): at 42 x 16 heads with 5,000 edges every edge is drawn
 * when fitted, and every frame of the drag and zoom script redraws. No time is asserted; the numbers are printed
 * ({@code -Dlocus.bench.circuit.frames=600} for the README's run).
 */
class CircuitViewBenchTest {
    @Test
    void thePaperSizeGraphRedrawsOncePerFrameWhilePannedAndZoomed() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        int frames = Integer.getInteger("locus.bench.circuit.frames", 40);
        int edges = Integer.getInteger("locus.bench.circuit.edges", 5000);
        CircuitViewBench.Result r = CircuitViewBench.run(stage, 42, 16, edges, frames);
        System.out.println(r);
        assertEquals(edges, r.edges());
        assertEquals(edges, r.drawnAtFit(), "the whole graph in view draws every edge");
        assertTrue(r.redraws() >= frames * 0.9, "one redraw per frame: " + r.redraws() + " for " + frames + " frames");
        assertTrue(r.p95Ms() >= r.medianMs() && r.maxGapMs() > 0, r.toString());
        FxDriver.fx(() -> {
            stage.hide();
            return null;
        });
    }
}
