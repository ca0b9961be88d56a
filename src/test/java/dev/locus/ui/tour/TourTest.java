package dev.locus.ui.tour;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.localize.method.Probes;
import java.util.List;
import java.util.Map;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import org.junit.jupiter.api.Test;

/** The tour's words made from a run's numbers, and where its card goes; no window. */
class TourTest {
    @Test
    void theConclusionSaysWhicheverWayTheRunWent() {
        String otHeld = Tour.conclusion(Map.of("flu", 0.71, "causal-tracing", 0.34, "random", 0.7));
        assertTrue(otHeld.contains("71%") && otHeld.contains("34%"), otHeld);
        assertTrue(otHeld.contains("opposite of the paper"), otHeld);
        assertTrue(otHeld.contains("20% for FLU, 47% for causal tracing"), "the paper's own numbers beside ours: " + otHeld);
        assertTrue(otHeld.endsWith(Tour.why()) && Tour.why().startsWith("The reason is this model's lookup."),
                "the bundled model's explanation: " + otHeld);

        String fluHeld = Tour.conclusion(Map.of("flu", 0.22, "causal-tracing", 0.64));
        assertTrue(fluHeld.contains("22%") && fluHeld.contains("64%"), fluHeld);
        assertTrue(fluHeld.contains("as in the paper"), fluHeld);
        assertFalse(fluHeld.contains(Tour.why()), "an explanation of the other outcome is not shown");

        assertTrue(Tour.conclusion(Map.of("flu", 0.50, "causal-tracing", 0.51)).contains("about equally"));
        assertTrue(Tour.conclusion(Map.of("flu", 0.5)).contains("cannot answer"), "no OT numbers, no answer");
    }

    @Test
    void theProbeStepNamesTheLayerWhereTheSportBecomesReadable() {
        List<Probes.Row> rows = List.of(row(-1, "subject-last", 0.18), row(0, "subject-last", 0.40),
                row(1, "subject-last", 0.90), row(2, "subject-last", 0.95), row(1, "final", 0.99));
        String text = Tour.probeText(rows);
        assertTrue(text.contains("90% after layer 1") && text.contains("up from 40%") && text.contains("chance 36%"), text);
        assertTrue(Tour.probeText(List.of()).contains("no probe curve yet"));
    }

    @Test
    void theCardGoesBesideTheElementNeverOverIt() {
        Bounds window = new BoundingBox(0, 0, 1280, 720);
        // Beside a chart with room to its left only (the Localize tabs), below a full-width one (Results' bars).
        for (Bounds element : List.of(new BoundingBox(480, 120, 780, 560), new BoundingBox(170, 150, 1100, 380),
                new BoundingBox(30, 300, 400, 100))) {
            TourOverlay.Placement p = TourOverlay.place(element, width -> 160, window);
            assertTrue(TourOverlay.contains(window, p.bounds()), p + " inside the window");
            assertFalse(p.bounds().intersects(element), p + " beside " + element);
        }
        // No room anywhere: inside the window all the same, covering as little as it can.
        TourOverlay.Placement p = TourOverlay.place(new BoundingBox(10, 10, 1260, 700), width -> 160, window);
        assertTrue(TourOverlay.contains(window, p.bounds()), p.toString());
    }

    private static Probes.Row row(int layer, String position, double accuracy) {
        return new Probes.Row(layer, "blocks.0.hook_resid_post", position, "prompt", accuracy, 1.0, 409, 103, 0.36);
    }
}
