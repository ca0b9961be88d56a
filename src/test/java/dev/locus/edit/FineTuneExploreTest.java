package dev.locus.edit;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.ForgetSpec;
import dev.locus.data.Split;
import dev.locus.data.SportsFactsCsv;
import dev.locus.eval.FormatScorer;
import dev.locus.model.ComponentSet;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FineTuneExploreTest {
    @Test
    void explore() throws Exception {
        Path demo = Path.of("assets/sports-world");
        try (LocusModel base = LocusModel.load(demo, Device.cpu())) {
            Dataset data = SportsFactsCsv.read(demo.resolve("sports.csv"));
            Split split = Split.of(data, ForgetSpec.parse("random:64:seed=0"));
            List<Fact> forget = EditTargets.randomOther(split.forget(), List.of("football", "baseball", "basketball"), 0);
            List<String> general = Files.readAllLines(demo.resolve("general-text.txt"));
            EditTask task = EditTask.of(base, data.format("standard"), forget, split.maintainTrain(), general, false);
            String[] sets = System.getProperty("sets", "L0.mlp,L1.mlp,L2.mlp").split(";");
            for (String ids : sets) {
                for (String lr : System.getProperty("lrs", "1e-3").split(",")) {
                    for (String coef : System.getProperty("coefs", "1").split(",")) {
                        ComponentSet set = ComponentSet.of(base.components(), List.of(ids.split(",")));
                        long t = System.nanoTime();
                        try (LocusModel edited = EditedModels.copy(base, set)) {
                            FineTuneSettings s = FineTuneSettings.defaults().withLr(Double.parseDouble(lr)).withForgetCoef(Double.parseDouble(coef)).withSteps(Integer.getInteger("steps", 50));
                            s = new FineTuneSettings(false, s.steps(), Integer.getInteger("batch", 64), s.lr(), s.forgetCoef(), Double.parseDouble(System.getProperty("mcoef", "1")), 1, 0, 1, 0, 0, 0);
                            LocalizedFineTune.Result r = LocalizedFineTune.run(edited, set, task, s, new LocalizedFineTune.Listener() { });
                            FormatScorer sc = new FormatScorer(edited);
                            StringBuilder b = new StringBuilder();
                            for (String f : List.of("standard", "mcq", "qa")) {
                                var fs = sc.score(data.format(f), forget);
                                var ms = sc.score(data.format(f), split.maintainTest());
                                var mt = sc.score(data.format(f), split.maintainTrain());
                                b.append(String.format(" %s F %.2f E %.2f M %.2f Mheld %.2f |", f, fs.accuracy(), fs.editAccuracy(), mt.accuracy(), ms.accuracy()));
                            }
                            System.out.printf("%s lr %s coef %s: %.1fs loss f %.3f m %.3f g %.3f |%s%n", ids, lr, coef, (System.nanoTime() - t) / 1e9,
                                    r.forgetLoss(), r.maintainLoss(), r.generalLoss(), b);
                        }
                    }
                }
            }
            System.out.println("base unchanged: standard forget " + new FormatScorer(base).score(data.format("standard"), forget).accuracy());
        }
    }
}
