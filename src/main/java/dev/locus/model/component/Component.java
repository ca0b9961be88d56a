package dev.locus.model.component;

import java.util.List;
import java.util.Optional;

/**
 * A unit that localization scores and editing trains: a layer's whole attention ({@code L3.attn}: q, k, v, o),
 * one head ({@code L3.H2}: its slices of q, k, v and o) or a layer's MLP ({@code L3.mlp}). It knows the
 * checkpoint tensors it lives in and which slices of the internal parameters are its own.
 *
 * <p>With grouped-query attention a head's k and v slices are those of its key/value head, which it
 * shares with the other query heads of its group; its parameter count includes them.
 *
 * @param id {@code L{layer}.attn}, {@code L{layer}.H{head}} or {@code L{layer}.mlp}
 * @param head the head index, or -1
 * @param parameterCount scalars in {@link #slices()}
 * @param checkpointTensors the checkpoint's own names of the tensors it lives in
 */
public record Component(String id, Kind kind, int layer, int head, long parameterCount,
                        List<String> checkpointTensors, List<ParamSlice> slices) {

    public enum Kind { ATTN, HEAD, MLP }

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

    /**
     * What an id names, read from the id alone (no model needed): the inverse of {@link #attnId}, {@link #headId}
     * and {@link #mlpId}. Empty for anything that is not such an id, e.g. {@code resid} or {@code L03.mlp}.
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
        /** The id this names, as {@link #attnId}, {@link #headId} or {@link #mlpId} write it. */
        public String id() {
            return switch (kind) {
                case ATTN -> attnId(layer);
                case HEAD -> headId(layer, head);
                case MLP -> mlpId(layer);
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
