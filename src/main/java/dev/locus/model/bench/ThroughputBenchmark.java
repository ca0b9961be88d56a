package dev.locus.model.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.locus.model.ModelWeights;
import dev.locus.model.RandomInit;
import dev.locus.model.TokenBatch;
import dev.locus.model.Transformer;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamNames;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures this machine's matmul ceiling and the transformer's forward and forward+backward throughput
 * against it. FLOPs per token are counted as 2 x parameters forward and 6 x parameters forward+backward,
 * where parameters exclude the embedding lookups and include the unembedding matmul; attention-score
 * FLOPs are not counted. The report says when other processes used the cores meanwhile.
 */
public final class ThroughputBenchmark {

    /** One model shape to measure. */
    public record Case(String name, ModelConfig config, int batch, int seq) {
    }

    /** The measurements of one case. */
    public record Result(String name, int batch, int seq, long flopParameters, double forwardTokensPerSecond,
                         double forwardFraction, double trainTokensPerSecond, double trainFraction) {
    }

    /** The whole report. */
    public record Report(int threads, double matmulGflops, List<Result> results, double otherCores) {
        public boolean machineBusy() {
            return otherCores > 0.25;
        }
    }

    private final Device device;
    private final double seconds;

    /** @param seconds rough time to spend on each measurement */
    public ThroughputBenchmark(Device device, double seconds) {
        this.device = device;
        this.seconds = seconds;
    }

    /** The two shapes: GPT-2 small at batch 8 x 64, and a small Llama at batch 64 x 32. */
    public static List<Case> standardCases() {
        ModelConfig gpt2 = ModelConfig.builder().architecture("GPT2LMHeadModel").nLayers(12).dModel(768).nHeads(12)
                .dMlp(3072).vocabSize(50257).maxPositions(1024).norm(ModelConfig.NormKind.LAYER_NORM)
                .positional(ModelConfig.Positional.LEARNED).gatedMlp(false)
                .activation(ModelConfig.Activation.GELU_TANH).tiedEmbeddings(true).attnBias(true).mlpBias(true)
                .build();
        ModelConfig llama = ModelConfig.builder().architecture("LlamaForCausalLM").nLayers(6).dModel(128).nHeads(4)
                .dMlp(512).vocabSize(1000).maxPositions(256).build();
        return List.of(new Case("gpt2-small", gpt2, 8, 64), new Case("llama-6x128", llama, 64, 32));
    }

    public Report run(List<Case> cases) {
        MachineLoad load = MachineLoad.start();
        double ceiling = matmulGflops();
        List<Result> results = new ArrayList<>();
        for (Case c : cases) {
            results.add(measure(c, ceiling));
        }
        int threads = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads",
                Integer.toString(Runtime.getRuntime().availableProcessors())));
        return new Report(threads, ceiling, results, load.otherCores());
    }

    /** GFLOP/s of repeated 1024 x 1024 x 1024 float32 matmuls: the practical ceiling. */
    public double matmulGflops() {
        int n = 1024;
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.randomNormal(new Shape(n, n));
            NDArray b = m.randomNormal(new Shape(n, n));
            double flops = 2.0 * n * n * n;
            return flops / timePerRun(() -> {
                try (NDManager s = m.newSubManager()) {
                    a.tempAttach(s);
                    a.matMul(b).toFloatArray();   // forces the work to finish
                }
            }) / 1e9;
        }
    }

    private Result measure(Case c, double ceilingGflops) {
        List<ParamSpec> specs = RandomInit.specs(c.config());
        try (ModelWeights weights = RandomInit.weights(c.config(), specs, 1, device, DataType.FLOAT32)) {
            Transformer model = new Transformer(c.config(), weights);
            TokenBatch batch = randomBatch(c);
            long params = flopParameters(weights, c.config());
            double tokens = (double) c.batch() * c.seq();
            double fwd = timePerRun(() -> {
                try (NDManager s = weights.manager().newSubManager()) {
                    model.forward(s, batch, Hooks.none()).toFloatArray();
                }
            });
            for (String name : weights.names()) {
                weights.get(name).setRequiresGradient(true);
            }
            NDArray targets = weights.manager().create(nextTokens(batch, c), new Shape(c.batch(), c.seq(), 1));
            double train = timePerRun(() -> {
                try (NDManager s = weights.manager().newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    targets.tempAttach(s);
                    NDArray logp = model.forward(s, batch, Hooks.none()).logSoftmax(2);   // [batch, pos, vocab]
                    NDArray loss = logp.gather(targets, 2).mean().neg();
                    gc.backward(loss);
                }
            });
            double fwdTps = tokens / fwd;
            double trainTps = tokens / train;
            return new Result(c.name(), c.batch(), c.seq(), params, fwdTps,
                    fwdTps * 2 * params / (ceilingGflops * 1e9), trainTps, trainTps * 6 * params / (ceilingGflops * 1e9));
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

    /**
     * Seconds per run: warm-up runs first (libtorch's allocator and kernels take several passes to settle),
     * then repeats until about {@link #seconds} have passed (at least 3).
     */
    private double timePerRun(Runnable run) {
        long warm = System.nanoTime();
        for (int i = 0; i < 3 || System.nanoTime() - warm < seconds * 0.5e9; i++) {
            run.run();
        }
        int runs = 0;
        long start = System.nanoTime();
        double elapsed;
        do {
            run.run();
            runs++;
            elapsed = (System.nanoTime() - start) / 1e9;
        } while (runs < 3 || elapsed < seconds);
        return elapsed / runs;
    }

    private static TokenBatch randomBatch(Case c) {
        SplittableRandom r = new SplittableRandom(7);
        List<int[]> seqs = new ArrayList<>();
        for (int b = 0; b < c.batch(); b++) {
            seqs.add(r.ints(c.seq(), 0, c.config().vocabSize()).toArray());
        }
        return TokenBatch.of(seqs, TokenBatch.Padding.RIGHT, 0);
    }

    private static long[] nextTokens(TokenBatch batch, Case c) {
        SplittableRandom r = new SplittableRandom(11);
        return r.longs((long) c.batch() * c.seq(), 0, c.config().vocabSize()).toArray();
    }
}
