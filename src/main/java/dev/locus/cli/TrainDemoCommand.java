package dev.locus.cli;

import dev.locus.core.LocusException;
import dev.locus.demo.DemoRecipe;
import dev.locus.demo.DemoReport;
import dev.locus.demo.DemoTrainer;
import dev.locus.model.Engines;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locus train-demo}: trains the Sports World model from scratch and writes it as a Hugging Face folder. */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = "Train the bundled Sports World model from scratch (seeded) and write it, with its dataset and "
                + "model card, as a Hugging Face folder.")
final class TrainDemoCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write the model into")
    Path out;

    @Option(names = "--seed", defaultValue = "2", description = "seed of the world and the training (default ${DEFAULT-VALUE}: the shipped model)")
    long seed;

    @Option(names = "--steps", paramLabel = "N", description = "training steps (default: the recipe's)")
    Integer steps;

    @Option(names = "--layers", hidden = true)
    Integer layers;

    @Option(names = "--roster", hidden = true, description = "share of roster lines in the mixture")
    Double roster;

    @Option(names = "--names", hidden = true, description = "names per pool")
    Integer names;

    @Option(names = "--lr", hidden = true, description = "peak learning rate")
    Double lr;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DemoRecipe recipe = DemoRecipe.standard(seed);
        if (steps != null) {
            if (steps < 10) {
                throw new LocusException("--steps must be at least 10");
            }
            recipe = recipe.withSteps(steps);
        }
        if (layers != null) {
            recipe = recipe.withShape(layers, recipe.dModel(), recipe.heads(), recipe.dMlp());
        }
        if (roster != null) {
            recipe = recipe.withRoster(roster);
        }
        if (names != null) {
            recipe = recipe.withNames(names);
        }
        if (lr != null) {
            recipe = recipe.withLearningRate(lr);
        }
        Engines.start();
        PrintWriter console = spec.commandLine().getOut();
        DemoTrainer.Trained trained = DemoTrainer.train(recipe, new ConsoleProgress(console));
        try (var model = trained.model()) {
            DemoReport report = DemoReport.measure(recipe, trained, console);
            report.writeFolder(out, trained);
            report.scoreShippedAndDocument(out, recipe, trained, console);
            console.printf("wrote %s%n", out);
        }
        console.flush();
        return 0;
    }

    /** Progress lines every 2% of the steps. */
    private static final class ConsoleProgress implements DemoTrainer.Listener {
        private final PrintWriter out;
        private double smoothed = Double.NaN;

        ConsoleProgress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void step(int step, int total, double loss, double lr, double seconds) {
            smoothed = Double.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
            if (step % Math.max(1, total / 50) == 0 || step == total) {
                double eta = seconds / step * (total - step);
                out.printf("step %5d/%d  loss %.4f  lr %.2e  %4.0fs elapsed, %4.0fs left%n", step, total, smoothed, lr,
                        seconds, eta);
                out.flush();
            }
        }
    }
}
