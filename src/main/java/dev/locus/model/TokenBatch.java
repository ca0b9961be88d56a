package dev.locus.model;

import java.util.Arrays;
import java.util.List;

/**
 * Token sequences of different lengths padded into one rectangle, with what the forward pass needs to
 * ignore the padding: which positions are real, and each token's position index (counting real tokens
 * only, so a left-padded sequence starts at position 0 like an unpadded one).
 */
public final class TokenBatch {

    /** Where padding goes: left keeps every sequence's last token in the last column. */
    public enum Padding { LEFT, RIGHT }

    private final long[] ids;          // [batch * length]
    private final float[] keyMask;     // [batch * length]: 1 for real tokens, 0 for padding
    private final long[] positions;    // [batch * length]
    private final int[] segments;      // [batch * length] document of each token in a packed row, or null
    private final int[] lengths;
    private final int batch;
    private final int length;
    private final Padding padding;

    private TokenBatch(List<int[]> sequences, Padding padding, int padId) {
        this.batch = sequences.size();
        this.padding = padding;
        this.lengths = new int[batch];
        int max = 0;
        for (int b = 0; b < batch; b++) {
            lengths[b] = sequences.get(b).length;
            if (lengths[b] == 0) {
                throw new IllegalArgumentException("sequence " + b + " is empty");
            }
            max = Math.max(max, lengths[b]);
        }
        this.length = max;
        this.ids = new long[batch * max];
        this.keyMask = new float[batch * max];
        this.positions = new long[batch * max];
        this.segments = null;
        Arrays.fill(ids, padId);
        for (int b = 0; b < batch; b++) {
            int[] seq = sequences.get(b);
            int offset = padding == Padding.LEFT ? max - seq.length : 0;
            for (int i = 0; i < seq.length; i++) {
                int at = b * max + offset + i;
                ids[at] = seq[i];
                keyMask[at] = 1f;
                positions[at] = i;
            }
        }
    }

    /**
     * Rows of equal length that each hold several documents back to back (packed training data); a token
     * sees only earlier tokens of its own document, and positions restart at each document, so a packed
     * document is computed exactly as it would be alone.
     *
     * @param segments for each row, the document index of each token (non-decreasing)
     */
    public static TokenBatch packed(List<int[]> rows, List<int[]> segments) {
        return new TokenBatch(rows, segments);
    }

    private TokenBatch(List<int[]> rows, List<int[]> segmentIds) {
        this.batch = rows.size();
        this.length = rows.get(0).length;
        this.padding = Padding.RIGHT;
        this.lengths = new int[batch];
        this.ids = new long[batch * length];
        this.keyMask = new float[batch * length];
        this.positions = new long[batch * length];
        this.segments = new int[batch * length];
        for (int b = 0; b < batch; b++) {
            int[] row = rows.get(b);
            int[] seg = segmentIds.get(b);
            if (row.length != length || seg.length != length) {
                throw new IllegalArgumentException("packed rows and segments must all have length " + length);
            }
            lengths[b] = length;
            long pos = 0;
            for (int i = 0; i < length; i++) {
                pos = i > 0 && seg[i] == seg[i - 1] ? pos + 1 : 0;
                ids[b * length + i] = row[i];
                keyMask[b * length + i] = 1f;
                positions[b * length + i] = pos;
                segments[b * length + i] = seg[i];
            }
        }
    }

    /** Pads {@code sequences} on the given side with {@code padId} (any valid token id: it is masked). */
    public static TokenBatch of(List<int[]> sequences, Padding padding, int padId) {
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        return new TokenBatch(sequences, padding, padId);
    }

    /** One unpadded sequence. */
    public static TokenBatch of(int... tokens) {
        return new TokenBatch(List.of(tokens), Padding.RIGHT, 0);
    }

    /**
     * This batch with {@code count} tokens {@code id} inserted into every sequence after its first {@code after}
     * real tokens (after all of them when it is shorter); same padding side. Not for packed batches.
     */
    public TokenBatch withInserted(int after, int count, int id) {
        if (segments != null) {
            throw new IllegalArgumentException("cannot insert tokens into a packed batch");
        }
        List<int[]> out = new java.util.ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            int keep = Math.min(after, lengths[b]);
            int[] seq = new int[lengths[b] + count];
            for (int i = 0, j = 0; i < lengths[b]; i++, j++) {
                if (i == keep) {
                    j += count;
                }
                seq[j] = (int) ids[b * length + column(b, i)];
            }
            Arrays.fill(seq, keep, keep + count, id);
            out.add(seq);
        }
        return new TokenBatch(out, padding, id);
    }

    public int size() {
        return batch;
    }

    public int length() {
        return length;
    }

    public Padding padding() {
        return padding;
    }

    /** Real tokens in sequence {@code b}. */
    public int length(int b) {
        return lengths[b];
    }

    /** Column of sequence {@code b}'s token {@code i} (its i-th real token). */
    public int column(int b, int i) {
        return padding == Padding.LEFT ? length - lengths[b] + i : i;
    }

    /** Column of sequence {@code b}'s last real token: where its next-token prediction is read. */
    public int lastColumn(int b) {
        return column(b, lengths[b] - 1);
    }

    /** Whether every sequence has the same length (no padding at all). */
    public boolean isRectangular() {
        for (int l : lengths) {
            if (l != length) {
                return false;
            }
        }
        return true;
    }

    long[] ids() {
        return ids;
    }

    long[] positions() {
        return positions;
    }

    /**
     * [batch, query, key] flattened: 0 where a query may see a key (causal, not padding, the same document, and within
     * {@code window} when it is positive), {@code hidden} elsewhere.
     */
    float[] additiveMask(int window, float hidden) {
        int b = size();
        int p = length;
        float[] mask = new float[b * p * p];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < p; i++) {
                for (int j = 0; j < p; j++) {
                    boolean visible = j <= i && keyMask[s * p + j] > 0 && (window <= 0 || i - j < window)
                            && sameDocument(s, i, j);
                    mask[(s * p + i) * p + j] = visible ? 0f : hidden;
                }
            }
        }
        return mask;
    }

    /** Whether token {@code i} of row {@code b} may see token {@code j} by document (always, unless packed). */
    boolean sameDocument(int b, int i, int j) {
        return segments == null || segments[b * length + i] == segments[b * length + j];
    }
}
