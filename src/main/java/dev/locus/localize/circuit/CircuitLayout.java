package dev.locus.localize.circuit;

import dev.locus.core.LocusException;
import dev.locus.model.component.Component;
import dev.locus.model.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The nodes of a model's circuit graph and which edges it has (as in Hanna et al. 2024). Upstream nodes write to the
 * residual stream: the embeddings ({@code embed}), each head's output ({@code L3.H1}) and each MLP's output
 * ({@code L3.mlp}). Downstream inputs read it: each head's query, key and value input ({@code L3.H1.q}, {@code .k},
 * {@code .v}; under grouped-query attention keys and values are per key/value head, {@code L3.KV0.k}), each MLP's input
 * ({@code L3.mlp}) and the logits ({@code logits}). An edge joins an upstream node to a downstream input that reads it:
 * an earlier layer, or a head to its own layer's MLP (not with a parallel residual, where the MLP reads the block's
 * input).
 *
 * <p>Order: upstream {@code embed}, then per layer its heads and its MLP; downstream per layer the heads' q, the key/value
 * heads' k and v, the MLP, then {@code logits}.
 */
public record CircuitLayout(int layers, int heads, int kvHeads, boolean parallel) {
    public static final String EMBED = "embed";
    public static final String LOGITS = "logits";

    public CircuitLayout {
        if (layers < 1 || heads < 1 || kvHeads < 1 || heads % kvHeads != 0) {
            throw new LocusException("a circuit graph needs layers, heads and key/value heads dividing them; got "
                    + layers + " layers, " + heads + " heads, " + kvHeads + " key/value heads");
        }
    }

    public static CircuitLayout of(ModelConfig c) {
        return new CircuitLayout(c.nLayers(), c.nHeads(), c.nKvHeads(), c.parallelResidual());
    }

    public int upstreamCount() {
        return 1 + layers * (heads + 1);
    }

    /** Downstream inputs per layer: q per head, k and v per key/value head, the MLP. */
    public int inputsPerLayer() {
        return heads + 2 * kvHeads + 1;
    }

    public int downstreamCount() {
        return layers * inputsPerLayer() + 1;
    }

    /** The first upstream index of layer l (its head 0); {@code upstreamCount()} for l = layers. */
    public int firstUpstream(int l) {
        return 1 + l * (heads + 1);
    }

    public int headIndex(int l, int h) {
        return firstUpstream(l) + h;
    }

    public int mlpIndex(int l) {
        return firstUpstream(l) + heads;
    }

    /** The first downstream index of layer l (its head 0's q); the logits' index for l = layers. */
    public int firstDownstream(int l) {
        return l * inputsPerLayer();
    }

    public int qIndex(int l, int h) {
        return firstDownstream(l) + h;
    }

    public int kIndex(int l, int g) {
        return firstDownstream(l) + heads + g;
    }

    public int vIndex(int l, int g) {
        return firstDownstream(l) + heads + kvHeads + g;
    }

    public int mlpInputIndex(int l) {
        return firstDownstream(l) + heads + 2 * kvHeads;
    }

    public int logitsIndex() {
        return layers * inputsPerLayer();
    }

    /** The layer of upstream node u (-1 for the embeddings). */
    public int upstreamLayer(int u) {
        return u == 0 ? -1 : (u - 1) / (heads + 1);
    }

    /** The layer of downstream input v ({@code layers} for the logits). */
    public int downstreamLayer(int v) {
        return v / inputsPerLayer();
    }

    public boolean isMlpInput(int v) {
        return v != logitsIndex() && v % inputsPerLayer() == heads + 2 * kvHeads;
    }

    /** How many upstream nodes input v reads: everything before its layer, and its layer's heads for a serial MLP. */
    public int readers(int v) {
        int l = downstreamLayer(v);
        return isMlpInput(v) && !parallel ? firstUpstream(l) + heads : firstUpstream(l);
    }

    /** Whether upstream node u writes to what downstream input v reads. */
    public boolean hasEdge(int u, int v) {
        return u >= 0 && u < readers(v);
    }

    /** Every edge's count. */
    public int edgeCount() {
        int n = 0;
        for (int v = 0; v < downstreamCount(); v++) {
            n += readers(v);
        }
        return n;
    }

    public String upstreamName(int u) {
        if (u == 0) {
            return EMBED;
        }
        int l = upstreamLayer(u);
        int i = (u - 1) % (heads + 1);
        return i == heads ? Component.mlpId(l) : Component.headId(l, i);
    }

    public String downstreamName(int v) {
        if (v == logitsIndex()) {
            return LOGITS;
        }
        int l = downstreamLayer(v);
        int i = v % inputsPerLayer();
        if (i < heads) {
            return Component.headId(l, i) + ".q";
        }
        if (i == heads + 2 * kvHeads) {
            return Component.mlpId(l);
        }
        boolean key = i < heads + kvHeads;
        int g = key ? i - heads : i - heads - kvHeads;
        return keyValueNode(l, g) + (key ? ".k" : ".v");
    }

    /** The node a key/value input belongs to: the head itself without grouped-query attention, else {@code L3.KV0}. */
    public String keyValueNode(int l, int g) {
        return heads == kvHeads ? Component.headId(l, g) : "L" + l + ".KV" + g;
    }

    /** The graph node a downstream input belongs to: its head (or key/value head), MLP, or the logits. */
    public String downstreamNode(int v) {
        String name = downstreamName(v);
        return name.endsWith(".q") || name.endsWith(".k") || name.endsWith(".v") ? name.substring(0, name.length() - 2) : name;
    }

    /**
     * The upstream nodes that carry what downstream input v feeds into: its head, every head of its key/value group,
     * its MLP; empty for the logits.
     */
    public List<Integer> outputsOf(int v) {
        List<Integer> out = new ArrayList<>();
        if (v == logitsIndex()) {
            return out;
        }
        int l = downstreamLayer(v);
        int i = v % inputsPerLayer();
        if (i < heads) {
            out.add(headIndex(l, i));
        } else if (i == heads + 2 * kvHeads) {
            out.add(mlpIndex(l));
        } else {
            int g = i < heads + kvHeads ? i - heads : i - heads - kvHeads;
            int group = heads / kvHeads;
            for (int h = g * group; h < (g + 1) * group; h++) {
                out.add(headIndex(l, h));
            }
        }
        return out;
    }

    /**
     * Where a graph node sorts: by layer (embeddings first, logits last), then heads, key/value heads, the MLP.
     * Unknown names sort last.
     */
    public int nodeRank(String node) {
        int columns = heads + kvHeads + 1;
        if (EMBED.equals(node)) {
            return 0;
        }
        if (LOGITS.equals(node)) {
            return 1 + layers * columns;
        }
        int[] head = layerAndHead(node, "H");
        if (head != null && node.equals(Component.headId(head[0], head[1]))) {
            return 1 + head[0] * columns + head[1];
        }
        int[] kv = layerAndHead(node, "KV");
        if (kv != null) {
            return 1 + kv[0] * columns + heads + kv[1];
        }
        int l = mlpLayer(node);
        return l >= 0 ? 1 + l * columns + heads + kvHeads : Integer.MAX_VALUE;
    }

    /** The index of upstream node {@code name}, or -1 when this layout has no such node. */
    public int upstreamIndex(String name) {
        if (EMBED.equals(name)) {
            return 0;
        }
        int[] lh = layerAndHead(name, "H");
        if (lh != null && lh[1] < heads) {
            return headIndex(lh[0], lh[1]);
        }
        int l = mlpLayer(name);
        return l >= 0 ? mlpIndex(l) : -1;
    }

    /** The index of downstream input {@code name}, or -1 when this layout has no such input. */
    public int downstreamIndex(String name) {
        if (LOGITS.equals(name)) {
            return logitsIndex();
        }
        int l = mlpLayer(name);
        if (l >= 0) {
            return mlpInputIndex(l);
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return -1;
        }
        String node = name.substring(0, dot);
        String channel = name.substring(dot + 1);
        int[] lh = layerAndHead(node, heads == kvHeads ? "H" : channel.equals("q") ? "H" : "KV");
        if (lh == null) {
            return -1;
        }
        return switch (channel) {
            case "q" -> lh[1] < heads ? qIndex(lh[0], lh[1]) : -1;
            case "k" -> lh[1] < kvHeads ? kIndex(lh[0], lh[1]) : -1;
            case "v" -> lh[1] < kvHeads ? vIndex(lh[0], lh[1]) : -1;
            default -> -1;
        };
    }

    /** {layer, head} of {@code L3.H1} (prefix "H") or {@code L3.KV0} (prefix "KV") within this layout, else null. */
    private int[] layerAndHead(String name, String prefix) {
        int dot = name.indexOf('.');
        if (!name.startsWith("L") || dot < 0 || !name.startsWith(prefix, dot + 1)) {
            return null;
        }
        int l = number(name.substring(1, dot));
        int h = number(name.substring(dot + 1 + prefix.length()));
        return l >= 0 && l < layers && h >= 0 ? new int[] {l, h} : null;
    }

    private int mlpLayer(String name) {
        if (!name.startsWith("L") || !name.endsWith(".mlp")) {
            return -1;
        }
        int l = number(name.substring(1, name.length() - 4));
        return l < layers ? l : -1;
    }

    private static int number(String s) {
        if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(s);
    }
}
