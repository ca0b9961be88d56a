package dev.locus.localize.circuit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.locus.localize.circuit.HeadMatrices.Channel;
import dev.locus.model.Transformer;
import dev.locus.model.hooks.HookPoints;
import dev.locus.model.hooks.Hooks;
import java.util.ArrayList;
import java.util.List;

/**
 * Hooks for one forward pass that make the model's edges explicit, as TransformerLens's split q/k/v inputs and per-head
 * results do: every upstream node's output is recorded as the pass makes it (the embeddings, each head's
 * {@code z_h W_O[h]}, each MLP's output), and every downstream input may read its own copy of the residual stream,
 * shifted by what a {@link Shift} says (each head's q, k and v then come from the norm of its own copy and its own
 * slice of the projection; an MLP's input and the final residual get the shift added). The output bias of attention is
 * no node's: it is the same in every run.
 */
final class SplitInputs {
    /** What to add to the residual stream that some downstream inputs read. */
    interface Shift {
        /**
         * The shift of inputs [first, first + count) (consecutive in the layout, of one layer and channel),
         * [batch, pos, count, d_model], given the upstream outputs recorded so far; null for none.
         */
        NDArray shift(int first, int count, SplitInputs outputs);
    }

    private final Transformer transformer;
    private final CircuitLayout layout;
    private final HeadMatrices heads;
    private final NDManager pass;
    private final Shift shift;
    /** Upstream outputs in layout order, as pieces: [1 or heads, batch, pos, d_model]. */
    private final List<NDArray> pieces = new ArrayList<>();
    private int recorded;
    private NDArray resid;      // the current layer's resid_pre [batch, pos, d_model]

    SplitInputs(Transformer transformer, CircuitLayout layout, HeadMatrices heads, NDManager pass, Shift shift) {
        this.transformer = transformer;
        this.layout = layout;
        this.heads = heads;
        this.pass = pass;
        this.shift = shift;
    }

    /** Adds the recording and splitting hooks to {@code hooks} (after any already there at the same points). */
    Hooks install(Hooks hooks) {
        int last = layout.layers() - 1;
        hooks.add(HookPoints.EMBED, (name, x) -> record(x.expandDims(0), x));
        if (transformer.config().positional() == dev.locus.model.config.ModelConfig.Positional.LEARNED) {
            hooks.add(HookPoints.POS_EMBED, (name, x) -> {
                pieces.set(0, pieces.get(0).add(x.expandDims(0)));         // the embeddings node is both tables
                return x;
            });
        }
        for (int l = 0; l < layout.layers(); l++) {
            int layer = l;
            hooks.add(HookPoints.residPre(l), (name, x) -> {
                resid = x;
                return x;
            });
            hooks.add(HookPoints.q(l), (name, x) -> split(layer, Channel.Q, layout.qIndex(layer, 0), x));
            hooks.add(HookPoints.k(l), (name, x) -> split(layer, Channel.K, layout.kIndex(layer, 0), x));
            hooks.add(HookPoints.v(l), (name, x) -> split(layer, Channel.V, layout.vIndex(layer, 0), x));
            hooks.add(HookPoints.z(l), (name, z) -> record(headResults(layer, z), z));
            hooks.add(HookPoints.mlpIn(l), (name, x) -> added(layout.mlpInputIndex(layer), x));
            hooks.add(HookPoints.mlpOut(l), (name, x) -> record(x.expandDims(0), x));
        }
        hooks.add(HookPoints.residPost(last), (name, x) -> added(layout.logitsIndex(), x));
        return hooks;
    }

    /** The first {@code count} upstream outputs, [count, batch, pos, d_model]. */
    NDArray outputs(int count) {
        List<NDArray> parts = new ArrayList<>();
        int have = 0;
        for (NDArray p : pieces) {
            if (have >= count) {
                break;
            }
            long n = p.getShape().get(0);
            parts.add(have + n <= count ? p : p.get("0:" + (count - have)));
            have += (int) n;
        }
        return parts.size() == 1 ? parts.get(0) : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
    }

    /** Upstream output u as recorded, [batch, pos, d_model]. */
    NDArray output(int u) {
        int have = 0;
        for (NDArray p : pieces) {
            long n = p.getShape().get(0);
            if (u < have + n) {
                return p.get(u - have);
            }
            have += (int) n;
        }
        throw new IllegalArgumentException("upstream output " + u + " is not recorded yet (" + recorded + " are)");
    }

    private NDArray record(NDArray piece, NDArray passOn) {
        pieces.add(piece);
        recorded += (int) piece.getShape().get(0);
        return passOn;
    }

    /** Each head's output z_h W_O[h], [heads, batch, pos, d_model], from z [batch, pos, heads, d_head]. */
    private NDArray headResults(int l, NDArray z) {
        Shape s = z.getShape();
        return scratch(z, null, (x, tmp) -> x.transpose(2, 0, 1, 3).reshape(s.get(2), s.get(0) * s.get(1), s.get(3))
                .matMul(heads.out(l)).reshape(s.get(2), s.get(0), s.get(1), -1));            // [h, b, p, d_model]
    }

    /**
     * The projection at a q/k/v hook, rebuilt per head from its own shifted copy of the residual when the shift asks
     * for one; x [batch, pos, heads of c, d_head] as the model computed it.
     */
    private NDArray split(int l, Channel c, int first, NDArray x) {
        int n = heads.heads(c);
        NDArray delta = shift.shift(first, n, this);                       // [batch, pos, n, d_model] or null
        if (delta == null) {
            return x;
        }
        Shape s = x.getShape();
        long b = s.get(0);
        long p = s.get(1);
        long d = resid.getShape().get(2);
        return scratch(resid, delta, (r, tmp) -> {
            NDArray copies = r.expandDims(2).add(delta);                   // [batch, pos, n, d_model]
            NDArray normed = transformer.attentionNorm(tmp, l, copies.reshape(b, p * n, d))  // [batch, pos n, d_model]
                    .reshape(b * p, n, d).transpose(1, 0, 2);              // [n, batch pos, d_model]
            NDArray projected = normed.matMul(heads.in(l, c));             // [n, batch pos, d_head]
            NDArray bias = heads.bias(l, c);
            return (bias == null ? projected : projected.add(bias)).transpose(1, 0, 2).reshape(s); // [batch, pos, n, d_head]
        });
    }

    /**
     * {@code work} on {@code first} with its intermediates in a scope of their own, freed at once, and with {@code shift}
     * freed too unless a gradient is asked of it; the result is kept in the pass. A pass would otherwise hold every
     * intermediate of every layer until it ends (the autograd graph keeps what a backward pass needs by itself).
     */
    private NDArray scratch(NDArray first, NDArray shift,
                            java.util.function.BiFunction<NDArray, NDManager, NDArray> work) {
        try (NDManager tmp = pass.newSubManager()) {
            first.tempAttach(tmp);
            if (shift != null && !shift.hasGradient()) {
                shift.attach(tmp);
            }
            NDArray out = work.apply(first, tmp);
            out.attach(pass);
            return out;
        }
    }

    /** x [batch, pos, d_model] plus the shift of input v. */
    private NDArray added(int v, NDArray x) {
        NDArray delta = shift.shift(v, 1, this);                           // [batch, pos, 1, d_model] or null
        if (delta == null) {
            return x;
        }
        NDArray out = x.add(delta.squeeze(2));
        if (!delta.hasGradient()) {
            delta.close();
        }
        return out;
    }
}
