package dev.locus.model.budget;

import dev.locus.model.config.ModelConfig;
import java.util.Locale;

/**
 * Predicts each stage's peak memory and floating-point work for one model shape in one compute type, from the shape
 * alone (no weights). The formulas, per stage, in brief (b = bytes of the compute type, P = parameters, V = vocabulary,
 * L = layers, T = trained parameters, N = tokens of one micro-batch):
 * <ul>
 *   <li>weights: P b, plus the loader's largest float32 tensor in flight and 32 MiB;</li>
 *   <li>trained parameters: T (16 + 2b if b &lt; 4): the float32 master copy, its gradient, AdamW's two moments, and
 *       the half copy with its half gradient when the weights are half;</li>
 *   <li>activations kept for backward: per layer and token the residual stream, norms, q/k/v, head outputs, the MLP's
 *       hidden units, and per head the scores and their softmax over the sequence; times b;</li>
 *   <li>logits: [N, V] in b, and float32 log-softmax, its gradient and the logits' gradient: N V (b + 12) for
 *       training, where a prompt's loss counts its last position only and general text every position; N V (b + 4)
 *       for a forward pass that keeps every position;</li>
 *   <li>an edit step sums three loss terms (forget, maintain, general text) before one backward: all three micro-batches
 *       are held at once;</li>
 *   <li>time: forward 2 x (matmul parameters + V d) per token plus attention's 4 pos h dHead; forward and backward
 *       three times that; divided by the device's throughput. An estimate: the CPU's is measured, a GPU's assumed.</li>
 * </ul>
 */
public final class Estimator {
    /** The JVM's own footprint beside the tensors (heap in use, code, libtorch's libraries): counted apart. */
    public static final long JVM_BYTES = 600L << 20;
    /** Headroom for the loader's buffers, the tokenizer and the first passes. */
    static final long HEADROOM = 32L << 20;
    /** Prompts per chunk in patching and attribution patching, and tokens per patched pass (localize.method's). */
    static final int CHUNK = 64;
    static final int TOKENS_PER_PASS = 4096;

    private final ModelConfig c;
    private final long parameters;
    private final int bytes;

    /**
     * @param parameters every parameter of the checkpoint
     * @param computeBytes bytes per element of the compute type (4 float32, 2 float16, 8 float64)
     */
    public Estimator(ModelConfig c, long parameters, int computeBytes) {
        this.c = c;
        this.parameters = parameters;
        this.bytes = computeBytes;
    }

    /** One training batch: prompts per loss term, prompts per micro-batch (0 = all), prompt and text lengths. */
    public record Batch(int size, int microBatch, int positions, int textPositions) {
        /** Rows of one micro-batch. */
        public int rows() {
            return microBatch <= 0 ? size : Math.min(microBatch, size);
        }

        /** "micro-batches of 16 (batch 64) prompts of 24 tokens and general lines of 100 tokens" */
        public String text() {
            return String.format(Locale.ROOT, "%s prompts of %d tokens%s", microBatch <= 0 || microBatch >= size
                    ? "batches of " + size : "micro-batches of " + rows() + " (batch " + size + ")", positions,
                    textPositions > 0 ? " and general lines of " + textPositions + " tokens" : "");
        }
    }

    public ModelConfig config() {
        return c;
    }

    public long parameters() {
        return parameters;
    }

    public int computeBytes() {
        return bytes;
    }

    /** The loader's scratch buffer: 32 MiB, or the largest tensor as float32 when smaller (CheckpointLoader). */
    static final long LOAD_SCRATCH = 32L << 20;

    /**
     * The weights in the compute type with headroom, and, for every stage that computes, one vocabulary-by-d_model
     * float32 array's worth of transients: measured on a 1.2B model, passes peak that much or more above their other
     * terms (README, "Measured on this machine").
     */
    public long weightBytes() {
        long largest = 4L * c.vocabSize() * c.dModel();
        return parameters * bytes + largest + HEADROOM;
    }

    /** Loading: the weights, streamed into place through the loader's one scratch buffer (measured: 0.96 of this). */
    public Estimate load() {
        long largest = 4L * Math.max((long) c.vocabSize() * c.dModel(), (long) c.dModel() * c.dMlp());
        return new Estimate("load", "", parameters * bytes + Math.min(LOAD_SCRATCH, largest) + HEADROOM, 0, 0, 0, 0, 0,
                "");
    }

    /** Parameters that matmuls touch per token: the layers' projections (not the embeddings). */
    public long matmulParameters() {
        long qkv = (long) c.dModel() * (c.nHeads() + 2L * c.nKvHeads()) * c.dHead();
        long o = (long) c.nHeads() * c.dHead() * c.dModel();
        long mlp = (long) c.dModel() * c.dMlp() * (c.gatedMlp() ? 3 : 2);
        return c.nLayers() * (qkv + o + mlp);
    }

    /** Operations of one forward pass over one token at sequence length {@code positions}. */
    public double forwardFlopsPerToken(int positions) {
        return 2.0 * (matmulParameters() + (double) c.vocabSize() * c.dModel())
                + 4.0 * c.nLayers() * positions * c.nHeads() * c.dHead();
    }

    /** Elements one layer keeps per token for backward (scores apart). */
    long layerElements() {
        long d = c.dModel();
        long heads = (long) c.nHeads() * c.dHead();
        long qkv = (c.nHeads() + 2L * c.nKvHeads()) * c.dHead();
        long mlp = (c.gatedMlp() ? 4L : 2L) * c.dMlp();
        return 6 * d + qkv + 2 * heads + mlp + (c.sandwichNorms() ? 2 * d : 0);
    }

    /** Bytes a forward and backward pass keeps for {@code rows} sequences of {@code positions} tokens (no logits). */
    public long activationBytes(int rows, int positions) {
        long tokens = (long) rows * positions;
        long perLayer = tokens * layerElements() + 3L * rows * c.nHeads() * positions * positions;
        return bytes * (c.nLayers() * perLayer + 2 * tokens * c.dModel());
    }

    /** Logits of {@code tokens} positions and the float32 copies a loss and its backward make of them. */
    public long trainingLogitBytes(long tokens) {
        return tokens * c.vocabSize() * (bytes + 12L);
    }

    /** Bytes per trained parameter: float32 master, gradient and two moments, plus half copies when half. */
    public long trainedBytesPerParameter() {
        return 16 + (bytes < 4 ? 2L * bytes : 0);
    }

    /**
     * An edit of {@code trained} parameters: the weights, the edited copy's trained state, and one micro-batch of each
     * of the three loss terms held at once.
     */
    public Estimate edit(String method, long trained, Batch b, int steps) {
        int rows = b.rows();
        long act = 2 * activationBytes(rows, b.positions())
                + (b.textPositions() > 0 ? activationBytes(rows, b.textPositions()) : 0);
        // the prompts' losses read the last position's logits only; the general text's every position's
        long tokens = 2L * rows + (long) rows * b.textPositions();
        double stepFlops = 3.0 * b.size() * (2 * b.positions() * forwardFlopsPerToken(b.positions())
                + b.textPositions() * forwardFlopsPerToken(b.textPositions()));
        return new Estimate("edit", method, weightBytes(), trained * trainedBytesPerParameter(), act,
                trainingLogitBytes(tokens), steps * stepFlops, trained, b.text());
    }

    /** LoRA adapter parameters of rank {@code rank} on W_QKV, W_O, W_in and W_out of every layer. */
    public long loraParameters(int rank) {
        long d = c.dModel();
        long heads = (long) c.nHeads() * c.dHead();
        long qkv = (c.nHeads() + 2L * c.nKvHeads()) * c.dHead();
        long in = (c.gatedMlp() ? 2L : 1L) * c.dMlp();
        return (long) c.nLayers() * rank * ((d + qkv) + (heads + d) + (d + in) + (c.dMlp() + d));
    }

    /**
     * The relearning attack on an edit that trained {@code edited} parameters (its copy stays alive): LoRA of
     * {@code rank} applied as x A B on the fly (adapters, their state, and per source matrix the dropout mask and
     * masked input, x A, and the outputs), or with {@code rank} 0 full fine-tuning of every weight matrix.
     */
    public Estimate relearn(String method, long edited, int rank, long allMatrices, Batch b, int steps) {
        Estimate step = edit(method, rank > 0 ? loraParameters(rank) : allMatrices, b, steps);
        long extra = 0;
        if (rank > 0) {
            // per layer and token, kept for backward: each source matrix's (q, k, v, o, gate, up, down) dropout mask
            // and masked input, its x A, and the adapters' outputs with their concatenation and scaled copies
            long tokens = 2L * b.rows() * b.positions() + (long) b.rows() * b.textPositions();
            long d = c.dModel();
            long heads = (long) c.nHeads() * c.dHead();
            int upSources = c.gatedMlp() ? 2 : 1;
            long inputs = 3 * d + heads + upSources * d + c.dMlp();
            long outputs = (c.nHeads() + 2L * c.nKvHeads()) * c.dHead() + d + (long) upSources * c.dMlp() + d;
            extra = bytes * tokens * c.nLayers() * (2 * inputs + (5L + upSources) * rank + 3 * outputs);
        }
        return new Estimate("relearn", method, step.weightBytes() + edited * bytes, step.trainedBytes(),
                step.activationBytes() + extra, step.logitBytes(), step.flops(), step.trainedParameters(),
                (rank > 0 ? "LoRA rank " + rank : "full fine-tuning") + ", " + b.text());
    }

    /** A soft prompt of {@code tokens} vectors trained on a batch (one loss term), beside an edited copy. */
    public Estimate softPrompt(String method, long edited, int tokens, Batch b, int steps, int prompts) {
        int rows = b.rows();
        int length = b.positions() + tokens;
        long trained = (long) tokens * c.dModel();
        double flops = (double) prompts * steps * 3.0 * b.size() * length * forwardFlopsPerToken(length);
        return new Estimate("soft-prompt", method, weightBytes() + edited * bytes, trained * trainedBytesPerParameter(),
                activationBytes(rows, length), trainingLogitBytes(rows), flops, trained,
                prompts + " prompts of " + tokens + " vectors, " + b.text());
    }

    /** A forward pass's transient (one layer at a time) for {@code rows} sequences of {@code positions} tokens. */
    long forwardBytes(int rows, int positions) {
        long tokens = (long) rows * positions;
        return bytes * (tokens * layerElements() + 3L * rows * c.nHeads() * positions * positions + 2 * tokens * c.dModel());
    }

    /** Bytes of the hook caches for {@code rows} prompts: resid, attention and MLP outputs (and heads) per layer. */
    long cacheBytes(int rows, int positions, boolean heads) {
        long perToken = 3L * c.dModel() + (heads ? (long) c.nHeads() * c.dHead() : 0);
        return (long) bytes * rows * positions * c.nLayers() * perToken;
    }

    /** Activations a circuit run may hold at once (beside the weights), whatever the model's size. */
    public static final long CIRCUIT_BUDGET = 1L << 30;

    /**
     * A circuit run's chunks for prompts of {@code positions} tokens: {prompts per gradient pass, tokens per patched
     * pass}, as many as {@link #CIRCUIT_BUDGET} holds, at most {@code maxPrompts} and 2,048 tokens, at least one prompt.
     * Chunks change how the work is cut, not its result.
     */
    public int[] circuitChunks(int maxPrompts, int positions) {
        int prompts = (int) Math.max(1, Math.min(maxPrompts, CIRCUIT_BUDGET / (circuitGradientBytesPerToken() * positions)));
        int tokens = (int) Math.max(positions, Math.min(2048, CIRCUIT_BUDGET / circuitPatchBytesPerToken()));
        return new int[] {prompts, tokens};
    }

    private long circuitGradientBytesPerToken() {
        long upstream = 1 + c.nLayers() * (c.nHeads() + 1L);
        long inputs = 1 + c.nLayers() * (c.nHeads() + 2L * c.nKvHeads() + 1);
        return (2 * upstream + 3 * inputs) * c.dModel() * bytes;
    }

    private long circuitPatchBytesPerToken() {
        return 4 * (1 + c.nLayers() * (c.nHeads() + 1L)) * c.dModel() * bytes;
    }

    /**
     * Localization on {@code prompts} prompts of {@code positions} tokens by {@code method} (causal-tracing,
     * activation-patching, path-patching, attribution-patching, probes, or circuit: EAP-IG and its faithfulness
     * curve; {@code igSteps} for attribution patching and circuits).
     */
    public Estimate localize(String method, int prompts, int positions, int igSteps) {
        int chunk = Math.max(1, Math.min(CHUNK, prompts));
        double fwd = forwardFlopsPerToken(positions) * positions * prompts;
        long layers = c.nLayers();
        long act;
        long logits;
        double flops;
        String note;
        switch (method) {
            case "attribution-patching" -> {
                int steps = Math.max(1, igSteps);
                // clean, corrupted and gradient caches at every hook, and a forward-backward pass of the chunk
                act = 3 * cacheBytes(chunk, positions, true) + activationBytes(chunk, positions);
                logits = (long) chunk * c.vocabSize() * (bytes + 12L);
                flops = fwd * (2 + 3.0 * steps);
                note = "chunks of " + chunk + " prompts, " + steps + " gradient run" + (steps == 1 ? "" : "s");
            }
            case "circuit" -> {
                // gradient passes: the upstream outputs (clean, corrupted) and every downstream input's own copy of the
                // residual with its gradient (q, k, v per head, MLPs, logits), beside a forward-backward pass; then
                // patched passes: every upstream output recorded, and one layer's differences
                int[] sizes = circuitChunks(Math.min(prompts, 16), positions);
                int rows = sizes[0];
                int tokens = sizes[1];
                int steps = Math.max(1, igSteps);
                long gradients = circuitGradientBytesPerToken() * rows * positions + activationBytes(rows, positions);
                long patched = circuitPatchBytesPerToken() * tokens + forwardBytes(Math.max(1, tokens / positions), positions);
                act = Math.max(gradients, patched);
                logits = (long) rows * c.vocabSize() * (bytes + 12L);
                flops = fwd * (2 + 3.0 * steps + 16);
                note = "chunks of " + rows + " prompts, " + steps + " gradient runs, patched passes of " + tokens
                        + " tokens, a faithfulness curve of about 16 circuits";
            }
            case "probes" -> {
                act = forwardBytes(chunk, positions) + 2L * 4 * prompts * layers * c.dModel();
                logits = (long) chunk * positions * c.vocabSize() * (bytes + 4L);
                flops = fwd;
                note = "residual stream of every layer at two positions per prompt";
            }
            default -> {
                // causal tracing / activation / path patching: clean and corrupted caches, then patched passes
                int rows = Math.max(1, TOKENS_PER_PASS / Math.max(1, chunk * positions)) * chunk;
                long units = switch (method) {
                    case "path-patching" -> layers * c.nHeads() + layers;
                    case "activation-patching" -> layers * (c.nHeads() + 2L);
                    default -> layers * (c.nHeads() + 2L) + 3 * layers * 4;   // components, then the heatmap
                };
                act = 2 * cacheBytes(chunk, positions, true) + forwardBytes(rows, positions);
                logits = (long) rows * c.vocabSize() * (bytes + 4L);
                flops = fwd * (2 + units);
                note = units + " patched passes per prompt, chunks of " + chunk + " prompts";
            }
        }
        return new Estimate("localize", method, weightBytes(), 0, act, logits, flops, 0,
                prompts + " prompts of " + positions + " tokens; " + note);
    }

    /** Evaluation: {@code prompts} scored prompts of {@code positions} tokens in forward passes of {@code batch}. */
    public Estimate evaluate(String method, long edited, int prompts, int positions, int batch) {
        int rows = Math.max(1, Math.min(batch, prompts));
        return new Estimate("evaluate", method, weightBytes() + edited * bytes, 0, forwardBytes(rows, positions),
                (long) rows * positions * c.vocabSize() * (bytes + 4L),
                forwardFlopsPerToken(positions) * positions * prompts, 0,
                prompts + " prompts of " + positions + " tokens in batches of " + rows);
    }
}
