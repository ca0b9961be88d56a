package dev.locus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Virtual tokens put into every sequence a {@link Transformer} runs (a universal soft prompt, src/docs/paper.md §5):
 * {@code length()} positions inserted after each sequence's first {@code after} tokens (its BOS), whose input
 * embeddings are the rows of {@code vectors} instead of a token's. The vectors are in the embedding table's units
 * (a model that scales its embeddings by sqrt(d_model) scales them too), as the authors' adversary that sits on the
 * embedding layer's output. The caller owns {@code vectors}; a pass only reads them, so gradients reach them.
 */
public final class SoftPrompt {
    /** The id the inserted positions hold; never read, since their embeddings are replaced. */
    private static final int PLACEHOLDER = 0;

    private final NDArray vectors;   // [tokens, d_model]
    private final int after;

    public SoftPrompt(NDArray vectors, int after) {
        if (vectors.getShape().dimension() != 2 || after < 0) {
            throw new IllegalArgumentException("a soft prompt is [tokens, d_model] after >= 0 tokens, got "
                    + vectors.getShape() + " after " + after);
        }
        this.vectors = vectors;
        this.after = after;
    }

    /** Virtual tokens. */
    public int length() {
        return (int) vectors.getShape().get(0);
    }

    /** Real tokens kept before the virtual ones. */
    public int after() {
        return after;
    }

    /** {@code batch} with the virtual tokens' placeholders inserted into every sequence. */
    TokenBatch insertInto(TokenBatch batch) {
        return batch.withInserted(after, length(), PLACEHOLDER);
    }

    /**
     * The embeddings {@code x} [batch, pos, d_model] of an {@link #insertInto inserted} batch with the virtual
     * tokens' rows in place; {@code scale} multiplies them (the model's embedding scale), or null.
     */
    NDArray place(NDManager scope, NDArray x, TokenBatch inserted, NDArray scale) {
        int b = inserted.size();
        int p = inserted.length();
        int n = length();
        float[] onehot = new float[b * p * n];
        float[] keep = new float[b * p];
        java.util.Arrays.fill(keep, 1f);
        for (int s = 0; s < b; s++) {
            int first = Math.min(after, inserted.length(s) - n);
            for (int j = 0; j < n; j++) {
                int col = inserted.column(s, first + j);
                onehot[(s * p + col) * n + j] = 1f;
                keep[s * p + col] = 0f;
            }
        }
        NDArray select = scope.create(onehot, new Shape(b, p, n)).toType(x.getDataType(), false);
        NDArray kept = scope.create(keep, new Shape(b, p, 1)).toType(x.getDataType(), false);
        NDArray virtual = select.matMul(vectors.toType(x.getDataType(), false));          // [batch, pos, d_model]
        if (scale != null) {
            virtual = virtual.mul(scale);
        }
        return x.mul(kept).add(virtual);
    }
}
