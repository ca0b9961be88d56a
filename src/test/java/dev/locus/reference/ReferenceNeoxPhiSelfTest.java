package dev.locus.reference;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks of the GPT-NeoX and Phi-3 reference itself (not of Locus): known values and properties of the definitions. */
class ReferenceNeoxPhiSelfTest {
    private static final int[] TOKENS = {3, 17, 5, 42, 8, 8, 11, 29, 1, 36};

    @TempDir
    Path tmp;

    @Test
    void erf_matchesKnownValues() {
        // Python's math.erf at these points
        double[][] known = {{0.5, 0.5204998778130465}, {1.0, 0.8427007929497149}, {2.0, 0.9953222650189527},
                {2.9999, 0.9999778955735178}, {3.5, 0.9999992569016276}, {5.0, 0.9999999999984626},
                {-0.1, -0.1124629160182849}, {0.0, 0.0}};
        for (double[] k : known) {
            assertEquals(k[1], ReferenceNeoxPhi.erf(k[0]), 1e-14, "erf(" + k[0] + ")");
        }
        assertEquals(0.8413447460685429, ReferenceNeoxPhi.gelu(1.0), 1e-14);   // 1 * Phi(1)
    }

    @Test
    void neox_isCausalAndItsOptionsMatter() {
        TinyCheckpoint.Model parallel = TinyNeoxPhi.neox().write(tmp.resolve("p"));
        double[][] a = ReferenceForward.logits(parallel, TOKENS);
        int[] later = TOKENS.clone();
        later[9] = 0;
        assertArrayEquals(a[8], ReferenceForward.logits(parallel, later)[8], 0.0, "later tokens do not reach back");
        TinyCheckpoint.Model sequential = TinyNeoxPhi.neox().parallelResidual(false).write(tmp.resolve("s"));
        TinyCheckpoint.Model quarter = TinyNeoxPhi.neox().rotaryPct(0.25).write(tmp.resolve("q"));
        TinyCheckpoint.Model buffers = TinyNeoxPhi.neox().attnBuffers(true).write(tmp.resolve("b"));
        assertTrue(maxAbsDiff(a[9], ReferenceForward.logits(sequential, TOKENS)[9]) > 1e-2, "parallel residual");
        assertTrue(maxAbsDiff(a[9], ReferenceForward.logits(quarter, TOKENS)[9]) > 1e-2, "rotary_pct");
        assertArrayEquals(a[9], ReferenceForward.logits(buffers, TOKENS)[9], 0.0, "the buffers are not weights");
        // position 0 turns nothing: the rotary share cannot change the first logits
        assertArrayEquals(a[0], ReferenceForward.logits(quarter, TOKENS)[0], 1e-12);
    }

    @Test
    void phi3_slidingWindowActsOnEveryLayer() {
        // window 4 on both layers: position 9 sees 6..9 in layer 1, which saw back to 3 in layer 0
        TinyCheckpoint.Model windowed = TinyNeoxPhi.phi3().slidingWindow(4).write(tmp.resolve("w"));
        double[] base = ReferenceForward.logits(windowed, TOKENS)[9];
        int[] changed = TOKENS.clone();
        for (int j = 0; j <= 2; j++) {
            changed[j] = (changed[j] + 13) % 50;
        }
        assertArrayEquals(base, ReferenceForward.logits(windowed, changed)[9], 0.0);
        int[] inReach = TOKENS.clone();
        inReach[3] = 44;
        assertTrue(maxAbsDiff(base, ReferenceForward.logits(windowed, inReach)[9]) > 1e-3);
        TinyCheckpoint.Model open = TinyNeoxPhi.phi3().write(tmp.resolve("o"));
        assertTrue(maxAbsDiff(ReferenceForward.logits(open, TOKENS)[9], ReferenceForward.logits(open, changed)[9])
                > 1e-3, "without a window token 0 reaches position 9");
    }

    private static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
