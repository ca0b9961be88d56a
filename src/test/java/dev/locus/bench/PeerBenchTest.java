package dev.locus.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.core.LocusException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading peer_bench.py's report, and the side-by-side table made of it. */
class PeerBenchTest {

    /** A real report: peer_bench.py at 1 thread on the development machine (Debian's torch 1.13, OpenBLAS). */
    private static String realReport() throws IOException {
        try (InputStream in = PeerBenchTest.class.getResourceAsStream("peer-bench-1-thread.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    @Test
    void readsTheFiveFiguresOfTheRealReport() throws IOException {
        Figures f = PeerBench.parse(realReport(), 1).figures();
        assertEquals(1, f.threads());
        assertEquals(101.149, f.matmulGflops(), 1e-3);
        // tokens/s of the plain-attention variant (the one Locus computes): batch x seq / median seconds
        assertEquals(512 / 1.4951345400040736, f.gpt2Forward(), 1e-6);
        assertTrue(f.gpt2Train() > 50 && f.gpt2Train() < f.gpt2Forward(), "forward+backward is slower: " + f);
        assertTrue(f.llamaForward() > 10_000, f.toString());
        assertTrue(f.llamaTrain() > 1_000 && f.llamaTrain() < f.llamaForward(), f.toString());
    }

    @Test
    void aReportWithoutAFigureSaysWhichOne() throws IOException {
        String cut = realReport().replace("\"torch_gflops_median\"", "\"renamed\"");
        LocusException e = assertThrows(LocusException.class, () -> PeerBench.parse(cut, 1));
        assertTrue(e.getMessage().contains("no number torch_gflops_median"), e.getMessage());
        LocusException notJson = assertThrows(LocusException.class, () -> PeerBench.parse("Traceback (most", 1));
        assertTrue(notJson.getMessage().contains("not JSON"), notJson.getMessage());
    }

    @Test
    void aPythonWithoutTorchIsOneLineOnWhatToInstall() {
        LocusException e = assertThrows(LocusException.class,
                () -> new PeerBench("/nonexistent/python3", 1, 0).check());
        assertTrue(e.getMessage().contains("apt-get install python3-torch"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void theTableHasRatiosOfLocusOverThePeer() {
        Figures peer1 = new Figures(1, 100, 300, 100, 16_000, 5_000);
        Figures peer2 = new Figures(2, 180, 600, 150, 30_000, 8_000);
        Figures locus1 = new Figures(1, 105, 330, 90, 16_000, 5_500);
        Figures locus2 = new Figures(2, 189, 660, 165, 33_000, 9_600);
        Comparison c = new Comparison(List.of(peer1, peer2), List.of(locus1, locus2));
        assertEquals(0.9, c.worstRatio(), 1e-12, "GPT-2 forward+backward at 1 thread");
        assertEquals(1.2, c.ratios()[4][1], 1e-12);
        String md = c.markdown();
        assertTrue(md.startsWith("| same work | threads | PyTorch eager | Locus | ratio |"), md);
        assertTrue(md.contains("| matmul 1024^3 GFLOP/s | 1 / 2 | 100 / 180 | 105 / 189 | 1.05 / 1.05 |"), md);
        assertTrue(md.contains("| Llama 6x128 forward, 64x32, tokens/s | 1 / 2 | 16,000 / 30,000 | 16,000 / 33,000 | 1.00 / 1.10 |"), md);
        assertEquals(Figures.ROWS.size() + 2, md.strip().split("\n").length);
    }
}
