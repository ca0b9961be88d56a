package dev.locus.eval;

import dev.locus.core.LocusException;
import dev.locus.data.EncodedPrompt;
import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.PromptEncoder;
import dev.locus.data.PromptFormat;
import dev.locus.localize.method.LinearProbe;
import dev.locus.localize.method.Probes;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Is the fact still there under the edit? (src/docs/paper.md §5, latent probing.) Per layer, a linear probe on the
 * residual stream at the prompt's last token, trained on maintain facts (their true attributes), is applied to the
 * forget facts: how often it reads their true attribute, and how often the edit target.
 */
public final class LatentProbes {

    /** One layer: -1 the embeddings, l the output of block l. */
    public record Layer(int layer, double trueAccuracy, double editAccuracy) {
    }

    private LatentProbes() {
    }

    /**
     * @param classes the attributes probes tell apart; forget facts whose edit target is not among them never count as
     *     read as edited
     */
    public static List<Layer> run(LocusModel model, PromptFormat format, List<Fact> maintain, List<Fact> forget,
                                  List<String> classes, double l2, int iterations) {
        List<int[]> trainSeqs = new ArrayList<>();
        List<Integer> trainY = new ArrayList<>();
        PromptEncoder encoder = new PromptEncoder(model.requireTokenizer(), model.config().maxPositions());
        for (Fact f : maintain) {
            int label = classes.indexOf(f.attribute());
            if (label >= 0) {
                for (Prompt p : format.render(f)) {
                    trainSeqs.add(encoder.encode(p).ids());
                    trainY.add(label);
                }
            }
        }
        List<int[]> testSeqs = new ArrayList<>();
        List<int[]> testY = new ArrayList<>();          // {true, edit} class indices
        for (Fact f : forget) {
            for (Prompt p : format.render(f)) {
                EncodedPrompt e = encoder.encode(p);
                testSeqs.add(e.ids());
                testY.add(new int[] {classes.indexOf(f.attribute()), f.editTarget() == null ? -1 : classes.indexOf(f.editTarget())});
            }
        }
        if (trainSeqs.isEmpty() || testSeqs.isEmpty()) {
            throw new LocusException("latent probes need maintain facts to train on and forget facts to test");
        }
        double[][][] x = Probes.residuals(model.transformer(), trainSeqs, last(trainSeqs));
        double[][][] xt = Probes.residuals(model.transformer(), testSeqs, last(testSeqs));
        int[] y = trainY.stream().mapToInt(Integer::intValue).toArray();
        List<Layer> out = new ArrayList<>();
        for (int l = 0; l < x.length; l++) {
            LinearProbe probe = LinearProbe.fit(x[l], y, classes.size(), l2, iterations);
            int t = 0;
            int e = 0;
            for (int i = 0; i < xt[l].length; i++) {
                int predicted = probe.predict(xt[l][i]);
                t += predicted == testY.get(i)[0] ? 1 : 0;
                e += predicted == testY.get(i)[1] ? 1 : 0;
            }
            out.add(new Layer(l - 1, (double) t / testSeqs.size(), (double) e / testSeqs.size()));
        }
        return out;
    }

    private static int[] last(List<int[]> seqs) {
        return seqs.stream().mapToInt(s -> s.length - 1).toArray();
    }
}
