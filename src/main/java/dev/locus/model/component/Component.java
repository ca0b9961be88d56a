package dev.locus.model.component;

import java.util.List;
import java.util.Optional;

/**
 * A unit that localization scores and editing trains: a layer's whole attention ({@code L3.attn}: q, k, v, o),
 * one head ({@code L3.H2}: its slices of q, k, v and o), a layer's MLP ({@code L3.mlp}) or one weight matrix,
 * named after TransformerLens's parameters ({@code L3.attn.W_Q}, {@code W_K}, {@code W_V}, {@code W_O},
 * {@code L3.mlp.W_in} (up), {@code W_gate}, {@code W_out} (down)): the paper's random baseline draws single
 * matrices. It knows the checkpoint tensors it lives in and which slices of the internal parameters are its own.
 *
 * <p>With grouped-query attention a head's k and v slices are those of its key/value head, which it
 * shares with the other query heads of its group; its parameter count includes them. A matrix is its weight
 * alone (a bias stays with the whole {@code attn} or {@code mlp}); with grouped-query attention {@code W_K} and
 * {@code W_V} are the key/value heads' (smaller) matrices.
 *
 * @param id {@code L{layer}.attn}, {@code L{layer}.H{head}}, {@code L{layer}.mlp} or a matrix,
 *     {@code L{layer}.attn.W_Q} ...
 * @param head the head index, or -1
 * @param parameterCount scalars in {@link #slices()}
 * @param checkpointTensors the checkpoint's own names of the tensors it lives in
 */
public record Component(String id, Kind kind, int layer, int head, long parameterCount,
                        List<String> checkpointTensors, List<ParamSlice> slices) {

    public enum Kind {
        ATTN, HEAD, MLP,
        W_Q("attn", "W_Q"), W_K("attn", "W_K"), W_V("attn", "W_V"), W_O("attn", "W_O"),
        W_IN("mlp", "W_in"), W_GATE("mlp", "W_gate"), W_OUT("mlp", "W_out");

        private final String block;
        private final String matrix;

        Kind() {
            this(null, null);
        }

        Kind(String block, String matrix) {
            this.block = block;
            this.matrix = matrix;
        }

        /** Whether this is a single weight matrix. */
        public boolean isMatrix() {
            return matrix != null;
        }

        /** Whether it lives in the attention block (whole, a head or one of its matrices). */
        public boolean isAttention() {
            return this == ATTN || this == HEAD || "attn".equals(block);
        }

        /** The matrix's TransformerLens name ({@code W_Q}, {@code W_in}, ...), or null for a whole block or head. */
        public String matrixName() {
            return matrix;
        }

        /** The matrix kinds in id order: attention's q, k, v, o, then the MLP's in (up), gate, out (down). */
        public static List<Kind> matrices() {
            return List.of(W_Q, W_K, W_V, W_O, W_IN, W_GATE, W_OUT);
        }
    }

    public Component {
        checkpointTensors = List.copyOf(checkpointTensors);
        slices = List.copyOf(slices);
    }

    public static String attnId(int layer) {
        return "L" + layer + ".attn";
    }

    public static String headId(int layer, int head) {
        return "L" + layer + ".H" + head;
    }

    public static String mlpId(int layer) {
        return "L" + layer + ".mlp";
    }

    /** A matrix's id: {@code L3.attn.W_Q}, {@code L3.mlp.W_in}, ... */
    public static String matrixId(int layer, Kind matrix) {
        if (!matrix.isMatrix()) {
            throw new IllegalArgumentException(matrix + " is not a matrix");
        }
        return "L" + layer + "." + matrix.block + "." + matrix.matrix;
    }

    /**
     * What an id names, read from the id alone (no model needed): the inverse of {@link #attnId}, {@link #headId},
     * {@link #mlpId} and {@link #matrixId}. Whether the model has that matrix (a gate) is the catalog's to say. Empty for anything that is not such an id, e.g. {@code resid} or {@code L03.mlp}.
     */
    public static Optional<Ref> parse(String id) {
        if (id == null || !id.startsWith("L")) {
            return Optional.empty();
        }
        int dot = id.indexOf('.');
        int layer = dot < 0 ? -1 : number(id, 1, dot);
        if (layer < 0) {
            return Optional.empty();
        }
        String rest = id.substring(dot + 1);
        if (rest.equals("attn")) {
            return Optional.of(new Ref(Kind.ATTN, layer, -1));
        }
        if (rest.equals("mlp")) {
            return Optional.of(new Ref(Kind.MLP, layer, -1));
        }
        for (Kind k : Kind.matrices()) {
            if (rest.equals(k.block + "." + k.matrix)) {
                return Optional.of(new Ref(k, layer, -1));
            }
        }
        int head = rest.startsWith("H") ? number(rest, 1, rest.length()) : -1;
        return head < 0 ? Optional.empty() : Optional.of(new Ref(Kind.HEAD, layer, head));
    }

    /** The whole number written in {@code s[from, to)} as {@link #headId} writes it (no sign, no leading 0), or -1. */
    private static int number(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > 9 || length > 1 && s.charAt(from) == '0') {
            return -1;
        }
        int n = 0;
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            n = n * 10 + (ch - '0');
        }
        return n;
    }

    /** A component as its id names it: kind, layer and head ({@code -1} unless a head). */
    public record Ref(Kind kind, int layer, int head) {
        /** The id this names, as {@link #attnId}, {@link #headId}, {@link #mlpId} or {@link #matrixId} write it. */
        public String id() {
            return switch (kind) {
                case ATTN -> attnId(layer);
                case HEAD -> headId(layer, head);
                case MLP -> mlpId(layer);
                default -> matrixId(layer, kind);
            };
        }
    }

    /**
     * A range {@code [from, to)} of an internal parameter along one axis, or the whole parameter.
     *
     * @param axis the sliced axis, or -1 for the whole parameter
     */
    public record ParamSlice(String param, int axis, long from, long to) {
        public static ParamSlice whole(String param) {
            return new ParamSlice(param, -1, 0, 0);
        }

        public boolean isWhole() {
            return axis < 0;
        }
    }
}
