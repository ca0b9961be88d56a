package dev.locus.localize.method;

import java.util.Arrays;

/**
 * Multinomial logistic regression on activations (a linear probe, Alain and Bengio, 2016): does a layer's
 * residual stream encode an attribute linearly? Plain Java on double arrays, full-batch gradient descent with
 * Adam and a small L2 penalty on standardized features, deterministic (no randomness at all).
 */
public final class LinearProbe {
    private final double[] mean;
    private final double[] scale;
    private final double[][] w;   // [classes][features + 1], last column the bias

    private LinearProbe(double[] mean, double[] scale, double[][] w) {
        this.mean = mean;
        this.scale = scale;
        this.w = w;
    }

    /** Fits a probe of {@code classes} classes to rows {@code x} with labels {@code y}. */
    public static LinearProbe fit(double[][] x, int[] y, int classes, double l2, int iterations) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = Math.sqrt(scale[j]) + 1e-8;
        }
        double[][] z = new double[n][];
        for (int i = 0; i < n; i++) {
            z[i] = standardize(x[i], mean, scale);
        }
        double[][] w = new double[classes][d + 1];
        double[][] m = new double[classes][d + 1];
        double[][] v = new double[classes][d + 1];
        double lr = 0.05;
        for (int it = 1; it <= iterations; it++) {
            Progress.checkCancelled(); // probes on a large model's residuals take a while
            double[][] grad = new double[classes][d + 1];
            for (int i = 0; i < n; i++) {
                double[] p = softmax(w, z[i]);
                for (int c = 0; c < classes; c++) {
                    double e = (p[c] - (y[i] == c ? 1 : 0)) / n;
                    for (int j = 0; j < d; j++) {
                        grad[c][j] += e * z[i][j];
                    }
                    grad[c][d] += e;
                }
            }
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j <= d; j++) {
                    double g = grad[c][j] + (j < d ? l2 * w[c][j] : 0);
                    m[c][j] = 0.9 * m[c][j] + 0.1 * g;
                    v[c][j] = 0.999 * v[c][j] + 0.001 * g * g;
                    double mh = m[c][j] / (1 - Math.pow(0.9, it));
                    double vh = v[c][j] / (1 - Math.pow(0.999, it));
                    w[c][j] -= lr * mh / (Math.sqrt(vh) + 1e-8);
                }
            }
        }
        return new LinearProbe(mean, scale, w);
    }

    /** The most likely class of {@code row}. */
    public int predict(double[] row) {
        double[] p = softmax(w, standardize(row, mean, scale));
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Fraction of rows predicted as their label. */
    public double accuracy(double[][] x, int[] y) {
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            if (predict(x[i]) == y[i]) {
                right++;
            }
        }
        return (double) right / x.length;
    }

    private static double[] standardize(double[] row, double[] mean, double[] scale) {
        double[] z = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            z[j] = (row[j] - mean[j]) / scale[j];
        }
        return z;
    }

    private static double[] softmax(double[][] w, double[] z) {
        int d = z.length;
        double[] logits = new double[w.length];
        for (int c = 0; c < w.length; c++) {
            double s = w[c][d];
            for (int j = 0; j < d; j++) {
                s += w[c][j] * z[j];
            }
            logits[c] = s;
        }
        double max = Arrays.stream(logits).max().orElse(0);
        double sum = 0;
        for (int c = 0; c < logits.length; c++) {
            logits[c] = Math.exp(logits[c] - max);
            sum += logits[c];
        }
        for (int c = 0; c < logits.length; c++) {
            logits[c] /= sum;
        }
        return logits;
    }
}
