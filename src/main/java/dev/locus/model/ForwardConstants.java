package dev.locus.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.locus.model.config.ModelConfig;

/**
 * Constants of the forward pass as long-lived arrays. Multiplying by a Java number inside a gradient
 * recorder makes DJL wrap it in a temporary buffer that can be freed before the backward pass reads it
 * (see src/docs/dependencies.md), so every constant lives here instead.
 */
final class ForwardConstants {
    final NDArray one;
    final NDArray normEps;
    final NDArray attnScale;
    final NDArray attnCap;
    final NDArray finalCap;
    final NDArray embedScale;
    final NDArray geluLinear;    // 2 sqrt(2 / pi): gelu_tanh(x) = x sigmoid(x (geluLinear + geluCubic x^2))
    final NDArray geluCubic;     // 2 sqrt(2 / pi) 0.044715
    final NDArray invFreq;
    final NDArray invFreqLong;   // LongRoPE beyond the original context; else invFreq
    final NDArray ropeScale;     // LongRoPE's attention factor; null when 1
    final NDArray normFloor;
    final NDArray unit;   // 1 of shape [1]: unlike a 0-d scalar, it promotes float16 operands to its type

    ForwardConstants(NDManager m, DataType t, ModelConfig c) {
        one = scalar(m, t, 1);
        unit = m.ones(new Shape(1), t);
        normFloor = scalar(m, t, Math.pow(2, -10));
        normEps = scalar(m, t, c.normEps());
        attnScale = scalar(m, t, c.attnScale());
        attnCap = scalar(m, t, c.attnSoftcap() > 0 ? c.attnSoftcap() : 1);
        finalCap = scalar(m, t, c.finalSoftcap() > 0 ? c.finalSoftcap() : 1);
        embedScale = scalar(m, t, Math.sqrt(c.dModel()));
        geluLinear = scalar(m, t, 2 * Math.sqrt(2 / Math.PI));
        geluCubic = scalar(m, t, 2 * Math.sqrt(2 / Math.PI) * 0.044715);
        invFreq = m.create(c.positional() == ModelConfig.Positional.ROTARY ? c.ropeInverseFrequencies()
                : new double[] {0}).toType(t, false);
        ModelConfig.RopeScaling s = c.positional() == ModelConfig.Positional.ROTARY ? c.ropeScaling() : null;
        boolean longRope = s != null && s.isLongRope();
        invFreqLong = longRope ? m.create(c.ropeInverseFrequencies(true)).toType(t, false) : invFreq;
        ropeScale = longRope && s.attentionFactor() != 1 ? scalar(m, t, s.attentionFactor()) : null;
    }

    private static NDArray scalar(NDManager m, DataType t, double v) {
        return m.create(v).toType(t, false);
    }
}
