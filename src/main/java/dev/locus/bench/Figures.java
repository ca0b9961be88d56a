package dev.locus.bench;

import java.util.List;

/**
 * The five figures `locus bench` and peer_bench.py both measure, at one thread count: the 1024^3 float32 matmul
 * in GFLOP/s, and median tokens/s of GPT-2 small (8 x 64) forward and forward+backward and of the small Llama
 * (6 x 128, 64 x 32) forward and train step (forward, backward and AdamW).
 */
public record Figures(int threads, double matmulGflops, double gpt2Forward, double gpt2Train, double llamaForward,
                      double llamaTrain) {

    /** The rows' names, in the order of {@link #values}. */
    public static final List<String> ROWS = List.of("matmul 1024^3 GFLOP/s", "GPT-2-small forward, 8x64, tokens/s",
            "GPT-2-small forward+backward, tokens/s", "Llama 6x128 forward, 64x32, tokens/s",
            "Llama 6x128 train step (fwd+bwd+AdamW), tokens/s");

    public double[] values() {
        return new double[] {matmulGflops, gpt2Forward, gpt2Train, llamaForward, llamaTrain};
    }
}
