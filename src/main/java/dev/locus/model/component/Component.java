package dev.locus.model.component;

import java.util.List;

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
