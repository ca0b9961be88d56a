package dev.locus.ui.home;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.runs.BundledComparison;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What Home's button says of the comparison, from the stages its run reports (as the job's message has them). */
class ComparisonProgressTest {
    private static final List<String> METHODS = BundledComparison.config().methods();

    @Test
    void stagesBecomeLocalizingThenMethodKOfN() {
        assertEquals(9, METHODS.size());
        assertEquals("Waiting for the jobs before it...", ComparisonProgress.describe("waiting", METHODS));
        assertEquals("Running: localizing...",
                ComparisonProgress.describe("seed 0: localize causal-tracing: 17088 of 26112, about 3 min left", METHODS));
        assertEquals("Running: method 1 of 9...",
                ComparisonProgress.describe("seed 0: flu: edit: 12 of 50, about 1 min left", METHODS));
        assertEquals("Running: method 9 of 9...", ComparisonProgress.describe("seed 0: nonlocalized: relearn", METHODS));
        assertEquals("Running: drawing the figures...", ComparisonProgress.describe("figures", METHODS));
        assertEquals("Running...", ComparisonProgress.describe("seed 0: evaluate before", METHODS));
        // "random" is the sixth method, not a prefix match of "random-mlps" (the seventh).
        assertEquals("Running: method 7 of 9...", ComparisonProgress.describe("seed 0: random-mlps: probe", METHODS));
    }

    @Test
    void theFractionCountsFinishedMethodsAndTheCurrentStage() {
        assertEquals(-1, ComparisonProgress.fraction("seed 0: localize probes: 3 of 8", 0.4, METHODS));
        assertEquals(0.5 / 9, ComparisonProgress.fraction("seed 0: flu: edit: 25 of 50", 0.5, METHODS), 1e-12);
        assertEquals(2.0 / 9, ComparisonProgress.fraction("seed 0: attribution-patching: evaluate after", -1, METHODS),
                1e-12);
        assertEquals(1, ComparisonProgress.fraction("figures", -1, METHODS));
    }
}
