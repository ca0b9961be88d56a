package dev.locus.model.component;

import static dev.locus.model.config.ParamNames.*;

import dev.locus.core.LocusException;
import dev.locus.model.component.Component.ParamSlice;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every component of one model, in layer order, found by id ({@code L3.attn}, {@code L3.H2}, {@code L3.attn.W_Q},
 * {@code L3.mlp}, {@code L3.mlp.W_in}). A matrix exists only where the model has it: {@code W_gate} only with a
 * gated MLP.
 */
public final class ComponentCatalog {
    private final ModelConfig config;
    private final Map<String, ParamSpec> specs = new LinkedHashMap<>();
    private final Map<String, Component> byId = new LinkedHashMap<>();

    public ComponentCatalog(ModelConfig config, List<ParamSpec> paramSpecs) {
        this.config = config;
        for (ParamSpec s : paramSpecs) {
            specs.put(s.name(), s);
        }
        for (int l = 0; l < config.nLayers(); l++) {
            add(wholeComponent(Component.attnId(l), Component.Kind.ATTN, l, wQkv(l), bQkv(l), wO(l), bO(l),
                    qNormW(l), kNormW(l)));
            for (int h = 0; h < config.nHeads(); h++) {
                add(head(l, h));
            }
            long q = (long) config.nHeads() * config.dHead();
            long kv = (long) config.nKvHeads() * config.dHead();
            add(matrix(l, Component.Kind.W_Q, wQkv(l), 0, q));
            add(matrix(l, Component.Kind.W_K, wQkv(l), q, q + kv));
            add(matrix(l, Component.Kind.W_V, wQkv(l), q + kv, q + 2 * kv));
            add(matrix(l, Component.Kind.W_O, wO(l), -1, -1));
            add(wholeComponent(Component.mlpId(l), Component.Kind.MLP, l, wIn(l), bIn(l), wOut(l), bOut(l)));
            if (config.gatedMlp()) {
                // The fused W_in holds the gate first, then the up projection (ParamNames).
                add(matrix(l, Component.Kind.W_IN, wIn(l), config.dMlp(), 2L * config.dMlp()));
                add(matrix(l, Component.Kind.W_GATE, wIn(l), 0, config.dMlp()));
            } else {
                add(matrix(l, Component.Kind.W_IN, wIn(l), -1, -1));
            }
            add(matrix(l, Component.Kind.W_OUT, wOut(l), -1, -1));
        }
    }

    public List<Component> all() {
        return List.copyOf(byId.values());
    }

    /** The component {@code id}; an error that says what exists when there is no such component. */
    public Component get(String id) {
        Component c = byId.get(id);
        if (c == null) {
            throw new LocusException("unknown component '" + id + "': this model has layers 0-" + (config.nLayers() - 1)
                    + ", heads 0-" + (config.nHeads() - 1) + " (ids like L0.attn, L0.H0, L0.mlp, L0.attn.W_Q, L0.mlp.W_out;"
                    + " matrices W_Q W_K W_V W_O W_in" + (config.gatedMlp() ? " W_gate" : "") + " W_out)");
        }
        return c;
    }

    public Map<String, Component> asMap() {
        return Collections.unmodifiableMap(byId);
    }

    /** Every internal parameter's spec, in the adapter's order (embedding, layer by layer, final norm, head). */
    public List<ParamSpec> specs() {
        return List.copyOf(specs.values());
    }

    /** The spec of internal parameter {@code name} (its shape, its checkpoint sources). */
    public ParamSpec spec(String name) {
        return specs.get(name);
    }

    private void add(Component c) {
        byId.put(c.id(), c);
    }

    private Component wholeComponent(String id, Component.Kind kind, int layer, String... params) {
        List<ParamSlice> slices = new ArrayList<>();
        List<String> tensors = new ArrayList<>();
        long count = 0;
        for (String p : params) {
            ParamSpec s = specs.get(p);
            if (s != null) {
                slices.add(ParamSlice.whole(p));
                s.sources().forEach(src -> tensors.add(src.tensor()));
                count += s.size();
            }
        }
        return new Component(id, kind, layer, -1, count, tensors, slices);
    }

    /**
     * One weight matrix: internal parameter {@code param} whole ({@code from < 0}) or its columns {@code [from, to)}
     * (q, k and v share the fused W_QKV, gate and up the fused W_in). Its checkpoint tensors are the sources those
     * columns come from: {@code q_proj} alone in a Llama checkpoint, the fused {@code c_attn} in GPT-2's.
     */
    private Component matrix(int l, Component.Kind kind, String param, long from, long to) {
        ParamSpec spec = specs.get(param);
        long[] shape = spec.shape();
        long rows = shape[0];
        long width = shape[shape.length - 1];
        long lo = from < 0 ? 0 : from;
        long hi = from < 0 ? width : to;
        List<String> tensors = new ArrayList<>();
        long offset = 0;
        for (ParamSpec.Source src : spec.sources()) {
            long[] own = src.shape();
            long part = spec.transpose() && own.length == 2 ? own[0] : own[own.length - 1];
            if (offset < hi && offset + part > lo) {
                tensors.add(src.tensor());
            }
            offset += part;
        }
        ParamSlice slice = from < 0 ? ParamSlice.whole(param) : new ParamSlice(param, 1, from, to);
        return new Component(Component.matrixId(l, kind), kind, l, -1, rows * (hi - lo), tensors, List.of(slice));
    }

    /**
     * Head h's columns of W_QKV (its q, and its group's k and v), its rows of W_O, and, where the q/k norms span
     * the whole projection (OLMo-2), its entries of them.
     */
    private Component head(int l, int h) {
        long dh = config.dHead();
        long q = (long) config.nHeads() * dh;
        long kv = (long) config.nKvHeads() * dh;
        long g = h / config.groupSize();
        List<ParamSlice> slices = new ArrayList<>();
        long[][] ranges = {{h * dh, (h + 1) * dh}, {q + g * dh, q + (g + 1) * dh}, {q + kv + g * dh, q + kv + (g + 1) * dh}};
        long count = 0;
        for (long[] r : ranges) {
            slices.add(new ParamSlice(wQkv(l), 1, r[0], r[1]));
            count += config.dModel() * dh;
            if (specs.containsKey(bQkv(l))) {
                slices.add(new ParamSlice(bQkv(l), 0, r[0], r[1]));
                count += dh;
            }
        }
        slices.add(new ParamSlice(wO(l), 0, h * dh, (h + 1) * dh));
        count += dh * config.dModel();
        boolean wholeNorms = config.qkNorm() == ModelConfig.QkNorm.WHOLE;
        if (wholeNorms) {
            // OLMo-2's q/k norm weights have one entry per head column; Qwen3's are shared by all heads.
            slices.add(new ParamSlice(qNormW(l), 0, ranges[0][0], ranges[0][1]));
            slices.add(new ParamSlice(kNormW(l), 0, g * dh, (g + 1) * dh));
            count += 2 * dh;
        }
        List<String> tensors = new ArrayList<>();
        for (String p : wholeNorms ? new String[] {wQkv(l), bQkv(l), wO(l), qNormW(l), kNormW(l)}
                : new String[] {wQkv(l), bQkv(l), wO(l)}) {
            ParamSpec s = specs.get(p);
            if (s != null) {
                s.sources().forEach(src -> tensors.add(src.tensor()));
            }
        }
        return new Component(Component.headId(l, h), Component.Kind.HEAD, l, h, count, tensors, slices);
    }
}
