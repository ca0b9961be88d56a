package dev.locus.demo;

/**
 * Everything that decides the bundled demo model: world size, model shape, training length and mixture.
 * The same recipe and seed give the same weights.
 *
 * @param rosterWeight share of training examples that are roster lines (sport named right after the name)
 * @param formatHoldout share of athletes never shown in the multiple-choice and question/answer formats
 */
public record DemoRecipe(long seed, int namesPerPool, int layers, int dModel, int heads, int dMlp, int steps,
                         int batch, int rowLength, double learningRate, int warmupSteps, double weightDecay,
                         double rosterWeight, double formatHoldout) {

    public static DemoRecipe standard(long seed) {
        return new DemoRecipe(seed, 32, 8, 128, 4, 512, 3000, 32, 80, 2e-3, 200, 0.01, 0.45, 0.15);
    }

    public DemoRecipe withSteps(int s) {
        return new DemoRecipe(seed, namesPerPool, layers, dModel, heads, dMlp, s, batch, rowLength, learningRate,
                Math.min(warmupSteps, s / 4), weightDecay, rosterWeight, formatHoldout);
    }

    public DemoRecipe withShape(int nLayers, int width, int nHeads, int mlp) {
        return new DemoRecipe(seed, namesPerPool, nLayers, width, nHeads, mlp, steps, batch, rowLength, learningRate,
                warmupSteps, weightDecay, rosterWeight, formatHoldout);
    }

    public DemoRecipe withNames(int n) {
        return new DemoRecipe(seed, n, layers, dModel, heads, dMlp, steps, batch, rowLength, learningRate,
                warmupSteps, weightDecay, rosterWeight, formatHoldout);
    }

    public DemoRecipe withLearningRate(double lr) {
        return new DemoRecipe(seed, namesPerPool, layers, dModel, heads, dMlp, steps, batch, rowLength, lr,
                warmupSteps, weightDecay, rosterWeight, formatHoldout);
    }

    public DemoRecipe withBatch(int rows, int length) {
        return new DemoRecipe(seed, namesPerPool, layers, dModel, heads, dMlp, steps, rows, length, learningRate,
                warmupSteps, weightDecay, rosterWeight, formatHoldout);
    }

    public DemoRecipe withRoster(double w) {
        return new DemoRecipe(seed, namesPerPool, layers, dModel, heads, dMlp, steps, batch, rowLength, learningRate,
                warmupSteps, weightDecay, w, formatHoldout);
    }
}
