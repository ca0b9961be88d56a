package dev.locus.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.locus.model.ModelWeights;
import dev.locus.model.RandomInit;
import dev.locus.model.TokenBatch;
import dev.locus.model.Transformer;
import dev.locus.model.bench.MachineLoad;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamNames;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.hooks.Hooks;
import dev.locus.train.AdamW;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * This machine's matmul ceiling and the transformer's throughput, measured as peer_bench.py measures PyTorch eager:
 * the same shapes, the same work per call (forward; forward, cross-entropy and backward; and for the Llama the AdamW
 * step too), medians of {@code runs} calls after {@code warmup}. Nothing is copied back to Java inside a timed call:
 * CPU work is done when the native call returns. FLOPs per token, for the fractions of the ceiling: 2 x parameters
 * forward and 6 x forward+backward, the unembedding counted, embedding lookups and attention scores not.
 */
public final class ThroughputBenchmark {

    /** One model shape; {@code adamw}: the timed training call includes an AdamW step, as peer_bench's Llama. */
    public record Case(String name, ModelConfig config, int batch, int seq, boolean adamw) {
    }

    /** The measurements of one case. */
    public record Result(String name, int batch, int seq, long flopParameters, Timing forward, Timing train,
                         boolean adamw, double ceilingGflops) {
        public double forwardTokensPerSecond() {
            return (double) batch * seq / forward.median();
        }

        public double trainTokensPerSecond() {
            return (double) batch * seq / train.median();
        }

        public double forwardFraction() {
            return forwardTokensPerSecond() * 2 * flopParameters / (ceilingGflops * 1e9);
        }

        public double trainFraction() {
            return trainTokensPerSecond() * 6 * flopParameters / (ceilingGflops * 1e9);
        }
    }

    /** The whole report at one thread count. */
    public record Report(int threads, double matmulGflops, List<Result> results, double otherCores) {
        public boolean machineBusy() {
            return otherCores > 0.25;
        }

        /** The five figures peer_bench.py measures too (the two standard cases, in their order). */
        public Figures figures() {
            Result gpt2 = results.get(0);
            Result llama = results.get(1);
            return new Figures(threads, matmulGflops, gpt2.forwardTokensPerSecond(), gpt2.trainTokensPerSecond(),
                    llama.forwardTokensPerSecond(), llama.trainTokensPerSecond());
        }
    }

    private final Device device;
    private final int runs;
    private final int warmup;

    public ThroughputBenchmark(Device device, int runs, int warmup) {
        this.device = device;
        this.runs = runs;
        this.warmup = warmup;
    }

    /** peer_bench.py's two shapes: GPT-2 small (tied) at batch 8 x 64; a Llama of 6 x 128, vocabulary 512, at 64 x 32. */
    public static List<Case> standardCases() {
        ModelConfig gpt2 = ModelConfig.builder().architecture("GPT2LMHeadModel").nLayers(12).dModel(768).nHeads(12)
                .dMlp(3072).vocabSize(50257).maxPositions(1024).norm(ModelConfig.NormKind.LAYER_NORM)
                .positional(ModelConfig.Positional.LEARNED).gatedMlp(false)
                .activation(ModelConfig.Activation.GELU_TANH).tiedEmbeddings(true).attnBias(true).mlpBias(true)
                .build();
        ModelConfig llama = ModelConfig.builder().architecture("LlamaForCausalLM").nLayers(6).dModel(128).nHeads(4)
                .dMlp(512).vocabSize(512).maxPositions(2048).build();
        return List.of(new Case("gpt2-small", gpt2, 8, 64, false), new Case("llama-6x128", llama, 64, 32, true));
    }

    /** Measures at {@code threads} libtorch intra-op threads (set for this process from here on). */
    public Report run(List<Case> cases, int threads) {
        JniUtils.setNumThreads(threads);
        MachineLoad load = MachineLoad.start();
        double ceiling = matmulGflops();
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            results.add(measure(c, ceiling));
        }
        return new Report(threads, ceiling, results, load.otherCores());
    }

    /**
     * GFLOP/s of 1024 x 1024 x 1024 float32 matmuls, the median of {@code runs} calls of about 0.2 s each: the
     * practical ceiling. Each product is freed, never copied to Java.
     */
    public double matmulGflops() {
        int n = 1024;
        double flops = 2.0 * n * n * n;
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            Runnable one = () -> {
                try (NDManager s = m.newSubManager()) {
                    a.tempAttach(s);
                    a.matMul(b);
                }
            };
            double single = Timing.of(one, 1, 1).median();
            int inner = Math.max(1, (int) (0.2 / Math.max(single, 1e-4)));
            Timing t = Timing.of(() -> {
                for (int i = 0; i < inner; i++) {
                    one.run();
                }
            }, runs, warmup).per(inner);
            return flops / t.median() / 1e9;
        }
    }

    private Result measure(Case c, double ceilingGflops) {
        List<ParamSpec> specs = RandomInit.specs(c.config());
        try (ModelWeights weights = RandomInit.weights(c.config(), specs, 1, device, DataType.FLOAT32)) {
            Transformer model = new Transformer(c.config(), weights);
            TokenBatch batch = randomBatch(c);
            Timing fwd = Timing.of(() -> {
                try (NDManager s = weights.manager().newSubManager()) {
                    model.forward(s, batch, Hooks.none());
                }
            }, runs, warmup);
            List<NDArray> params = new ArrayList<>();
            for (String name : weights.names()) {
                NDArray p = weights.get(name);
                p.setRequiresGradient(true);
                params.add(p);
            }
            NDArray targets = weights.manager().create(nextTokens(c), new Shape(c.batch(), c.seq(), 1));
            try (AdamW adam = c.adamw() ? AdamW.standard(weights.manager(), 0.1) : null) {
                Timing train = Timing.of(() -> {
                    try (NDManager s = weights.manager().newSubManager()) {
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            targets.tempAttach(s);
                            NDArray logp = model.forward(s, batch, Hooks.none()).logSoftmax(2);   // [batch, pos, vocab]
                            gc.backward(logp.gather(targets, 2).mean().neg());
                        }
                        if (adam != null) {
                            adam.step(params, 1e-3);           // also zeroes the gradients
                        }
                    }
                }, runs, warmup);
                return new Result(c.name(), c.batch(), c.seq(), flopParameters(weights, c.config()), fwd, train,
                        c.adamw(), ceilingGflops);
            }
        }
    }

    /** Parameters that cost FLOPs per token: everything but the embedding lookups, plus the unembedding. */
    static long flopParameters(ModelWeights w, ModelConfig c) {
        long n = w.parameterCount();
        n -= w.get(ParamNames.EMBED).getShape().size();
        if (w.has(ParamNames.POS_EMBED)) {
            n -= w.get(ParamNames.POS_EMBED).getShape().size();
        }
        if (!w.has(ParamNames.UNEMBED)) {
            n += (long) c.vocabSize() * c.dModel();
        }
        return n;
    }

    private static TokenBatch randomBatch(Case c) {
        SplittableRandom r = new SplittableRandom(7);
        List<int[]> seqs = new ArrayList<>();
        for (int b = 0; b < c.batch(); b++) {
            seqs.add(r.ints(c.seq(), 0, c.config().vocabSize()).toArray());
        }
        return TokenBatch.of(seqs, TokenBatch.Padding.RIGHT, 0);
    }

    private static long[] nextTokens(Case c) {
        SplittableRandom r = new SplittableRandom(11);
        return r.longs((long) c.batch() * c.seq(), 0, c.config().vocabSize()).toArray();
    }
}
