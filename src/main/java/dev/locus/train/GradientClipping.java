package dev.locus.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/** Scales all gradients together so that their global L2 norm is at most {@code maxNorm} (Pascanu et al., 2013). */
public final class GradientClipping {
    private GradientClipping() {
    }

    /** Clips in place; returns the norm before clipping. */
    public static double clip(List<NDArray> params, double maxNorm) {
        try (NDManager scope = params.get(0).getManager().newSubManager()) {
            double sumSquares = 0;
            NDArray[] grads = new NDArray[params.size()];
            for (int i = 0; i < grads.length; i++) {
                grads[i] = params.get(i).getGradient();
                grads[i].attach(scope);
                sumSquares += grads[i].square().sum().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
            }
            double norm = Math.sqrt(sumSquares);
            if (norm > maxNorm) {
                double scale = maxNorm / (norm + 1e-6);
                for (NDArray g : grads) {
                    g.muli(scale);
                }
            }
            return norm;
        }
    }
}
