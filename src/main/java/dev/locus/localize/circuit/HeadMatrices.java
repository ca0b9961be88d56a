package dev.locus.localize.circuit;

import static dev.locus.model.config.ParamNames.bQkv;
import static dev.locus.model.config.ParamNames.wO;
import static dev.locus.model.config.ParamNames.wQkv;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.locus.core.LocusException;
import dev.locus.model.ModelWeights;
import dev.locus.model.config.ModelConfig;

/**
 * Each layer's projections split by head, made once per circuit run: the query, key and value matrices as
 * [heads, d_model, d_head] (biases [heads, 1, d_head]) and the output matrix as [heads, d_head, d_model], so that each
 * head can read its own copy of the residual stream and write its own output. Owns its arrays; close it.
 */
final class HeadMatrices implements AutoCloseable {
    /** q, k or v. */
    enum Channel { Q, K, V }

    private final ModelConfig config;
    private final ModelWeights weights;
    private final NDManager scope;
    private final NDArray[][] in;       // [layer][channel]: [heads, d_model, d_head]
    private final NDArray[][] bias;     // [layer][channel]: [heads, 1, d_head] or null
    private final NDArray[] out;        // [layer]: [heads, d_head, d_model]

    HeadMatrices(ModelConfig config, ModelWeights weights) {
        if (config.sandwichNorms()) {
            throw new LocusException("circuits need each head's output to be its own term of the residual stream; "
                    + "this architecture normalizes the attention output as a whole (Gemma 2, OLMo-2), so a head's "
                    + "share of it is not defined");
        }
        this.config = config;
        this.weights = weights;
        this.scope = weights.manager().newSubManager();
        this.in = new NDArray[config.nLayers()][3];
        this.bias = new NDArray[config.nLayers()][3];
        this.out = new NDArray[config.nLayers()];
    }

    /** The projection of channel c in layer l, [heads of c, d_model, d_head]. */
    NDArray in(int l, Channel c) {
        prepare(l);
        return in[l][c.ordinal()];
    }

    /** Its bias [heads of c, 1, d_head], or null. */
    NDArray bias(int l, Channel c) {
        prepare(l);
        return bias[l][c.ordinal()];
    }

    /** The output projection of layer l, [heads, d_head, d_model]. */
    NDArray out(int l) {
        prepare(l);
        return out[l];
    }

    int heads(Channel c) {
        return c == Channel.Q ? config.nHeads() : config.nKvHeads();
    }

    private void prepare(int l) {
        if (out[l] != null) {
            return;
        }
        int d = config.dModel();
        int dh = config.dHead();
        // results land in their first operand's manager: work on copies in a scratch scope, never on the parameters
        try (NDManager scratch = scope.newSubManager()) {
            NDArray w = inScope(weights.get(wQkv(l)), scratch);                  // [d_model, (nh + 2 nkv) d_head]
            NDArray b = weights.has(bQkv(l)) ? inScope(weights.get(bQkv(l)), scratch) : null;
            long from = 0;
            for (Channel c : Channel.values()) {
                long to = from + (long) heads(c) * dh;
                in[l][c.ordinal()] = kept(w.get(new NDIndex(":, {}:{}", from, to)).reshape(d, heads(c), dh)
                        .transpose(1, 0, 2));                                       // [heads, d_model, d_head]
                if (b != null) {
                    bias[l][c.ordinal()] = kept(b.get(new NDIndex("{}:{}", from, to)).reshape(heads(c), 1, dh));
                }
                from = to;
            }
            out[l] = kept(inScope(weights.get(wO(l)), scratch).reshape(config.nHeads(), dh, d)); // [heads, d_head, d_model]
        }
    }

    private static NDArray inScope(NDArray parameter, NDManager scratch) {
        NDArray copy = parameter.duplicate();
        copy.attach(scratch);
        return copy;
    }

    /** A contiguous copy owned by this object's scope. */
    private NDArray kept(NDArray a) {
        NDArray copy = a.duplicate();
        copy.attach(scope);
        return copy;
    }

    @Override
    public void close() {
        scope.close();
    }
}
