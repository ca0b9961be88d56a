package dev.locus.export.circuit;

import dev.locus.localize.circuit.CircuitLayout;
import dev.locus.model.component.Component;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where every node of a circuit graph sits, in figure pixels at zoom 1, as in Hanna et al.'s figures: the embeddings at
 * the bottom, one row per layer above them, the logits at the top; in a layer's row its heads in columns, then its
 * MLP, drawn half a row higher when it reads its own layer's heads (a serial block), so that those edges run upwards.
 * Under grouped-query attention each key/value head sits a little below its query heads, centred under them.
 * Edges leave a node at its top and enter a head at its bottom: queries at the left third, keys in the middle,
 * values at the right third (or at the key/value head's thirds).
 */
public final class CircuitGeometry {
    public static final double NODE_W = 34;
    public static final double NODE_H = 18;
    /** The least distance between columns; a model with few heads gets wider columns, up to twice this. */
    public static final double COLUMN = 46;
    public static final double ROW = 66;
    /** Room for the layer labels at the left. */
    public static final double LEFT = 46;
    public static final double MARGIN = 18;

    private final CircuitLayout layout;
    private final int nodes;
    private final String[] names;
    private final String[] labels;
    private final int[] layers;
    private final double[] x;
    private final double[] y;
    private final double[] w;
    private final Map<String, Integer> byName = new HashMap<>();
    private final int[] upstreamNode;
    private final double[] portX;
    private final double[] portY;
    private final int[] downstreamNode;
    private final double column;
    private final double width;
    private final double height;

    public CircuitGeometry(CircuitLayout layout) {
        this.layout = layout;
        int l = layout.layers();
        int h = layout.heads();
        boolean gqa = layout.kvHeads() != h;
        nodes = 2 + l * (h + 1) + (gqa ? l * layout.kvHeads() : 0);
        names = new String[nodes];
        labels = new String[nodes];
        layers = new int[nodes];
        x = new double[nodes];
        y = new double[nodes];
        w = new double[nodes];
        column = Math.max(COLUMN, Math.min(2 * COLUMN, 480 / (h + 1.0)));
        width = LEFT + h * column + NODE_W + MARGIN;
        height = 2 * MARGIN + (l + 1) * ROW + NODE_H;
        double middle = LEFT + (h * column + NODE_W) / 2;
        int n = 0;
        n = add(n, CircuitLayout.EMBED, "embed", -1, middle, rowY(-1), 2.4 * NODE_W);
        for (int layer = 0; layer < l; layer++) {
            for (int head = 0; head < h; head++) {
                n = add(n, Component.headId(layer, head), "H" + head, layer, columnX(head), rowY(layer), NODE_W);
            }
            double mlpY = layout.parallel() ? rowY(layer) : rowY(layer) - 0.45 * ROW;
            n = add(n, Component.mlpId(layer), "MLP", layer, columnX(h), mlpY, NODE_W);
            if (gqa) {
                int group = h / layout.kvHeads();
                for (int g = 0; g < layout.kvHeads(); g++) {
                    double cx = (columnX(g * group) + columnX((g + 1) * group - 1)) / 2;
                    n = add(n, layout.keyValueNode(layer, g), "KV" + g, layer, cx, rowY(layer) + 0.36 * ROW, NODE_W);
                }
            }
        }
        add(n, CircuitLayout.LOGITS, "logits", l, middle, rowY(l), 2.4 * NODE_W);
        upstreamNode = new int[layout.upstreamCount()];
        for (int u = 0; u < upstreamNode.length; u++) {
            upstreamNode[u] = byName.get(layout.upstreamName(u));
        }
        int nd = layout.downstreamCount();
        downstreamNode = new int[nd];
        portX = new double[nd];
        portY = new double[nd];
        for (int v = 0; v < nd; v++) {
            String name = layout.downstreamName(v);
            int node = byName.get(layout.downstreamNode(v));
            downstreamNode[v] = node;
            double third = gqa ? (name.endsWith(".k") ? -NODE_W / 4 : name.endsWith(".v") ? NODE_W / 4 : 0)
                    : name.endsWith(".q") ? -NODE_W / 3 : name.endsWith(".v") ? NODE_W / 3 : 0;
            portX[v] = x[node] + third;
            portY[v] = y[node] + NODE_H / 2;
        }
    }

    private int add(int n, String name, String label, int layer, double cx, double cy, double width) {
        names[n] = name;
        labels[n] = label;
        layers[n] = layer;
        x[n] = cx;
        y[n] = cy;
        w[n] = width;
        byName.put(name, n);
        return n + 1;
    }

    private double columnX(int c) {
        return LEFT + c * column + NODE_W / 2;
    }

    /** The centre line of a layer's row: -1 for the embeddings, {@code layers} for the logits. */
    public double rowY(int layer) {
        return MARGIN + NODE_H / 2 + (layout.layers() - layer) * ROW;
    }

    public CircuitLayout layout() {
        return layout;
    }

    /** The whole graph's width and height in figure pixels at zoom 1. */
    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    public int nodeCount() {
        return nodes;
    }

    /** The node's graph name: {@code embed}, {@code L3.H1}, {@code L3.mlp}, {@code L3.KV0}, {@code logits}. */
    public String name(int node) {
        return names[node];
    }

    /** What the node's box says: H1, MLP, KV0, embed, logits. */
    public String label(int node) {
        return labels[node];
    }

    /** The node's layer: -1 for the embeddings, {@code layers} for the logits. */
    public int layer(int node) {
        return layers[node];
    }

    public double x(int node) {
        return x[node];
    }

    public double y(int node) {
        return y[node];
    }

    public double nodeWidth(int node) {
        return w[node];
    }

    /** The node of that name, or -1. */
    public int node(String name) {
        Integer n = byName.get(name);
        return n == null ? -1 : n;
    }

    /** The node upstream node u of the layout is. */
    public int upstreamNode(int u) {
        return upstreamNode[u];
    }

    /** The node downstream input v of the layout belongs to. */
    public int downstreamNode(int v) {
        return downstreamNode[v];
    }

    /** Where an edge into input v ends. */
    public double portX(int v) {
        return portX[v];
    }

    public double portY(int v) {
        return portY[v];
    }

    /** Where an edge from upstream node u starts: the top of its box. */
    public double startX(int u) {
        return x[upstreamNode[u]];
    }

    public double startY(int u) {
        return y[upstreamNode[u]] - NODE_H / 2;
    }

    /**
     * Which nodes a selection covers, as the heatmaps outline it: a head or MLP its own node, a layer's whole attention
     * or one of its matrices every head of that layer, an MLP matrix its MLP.
     */
    public boolean[] covered(Collection<String> components) {
        boolean[] out = new boolean[nodes];
        if (components == null) {
            return out;
        }
        for (String id : components) {
            Optional<Component.Ref> ref = Component.parse(id);
            if (ref.isEmpty()) {
                continue;
            }
            Component.Kind kind = ref.get().kind();
            int layer = ref.get().layer();
            if (kind == Component.Kind.ATTN || kind.isMatrix() && kind.isAttention()) {
                for (int head = 0; head < layout.heads(); head++) {
                    mark(out, Component.headId(layer, head));
                }
            } else if (kind.isMatrix() || kind == Component.Kind.MLP) {
                mark(out, Component.mlpId(layer));
            } else {
                mark(out, id);
            }
        }
        return out;
    }

    private void mark(boolean[] out, String name) {
        int n = node(name);
        if (n >= 0) {
            out[n] = true;
        }
    }
}
