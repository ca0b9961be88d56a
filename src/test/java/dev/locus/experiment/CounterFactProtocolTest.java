package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.Split;
import dev.locus.data.files.DatasetFiles;
import dev.locus.eval.FormatScorer;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The paper's CounterFact protocol on the bundled city facts: the few-shot pool is held out, unknown facts dropped. */
class CounterFactProtocolTest {
    private static ExperimentConfig config(int shots) {
        return ExperimentConfig.parse("{\"name\": \"cf\", \"data\": \"demo-counterfact\", \"edit_format\": \"prompt\","
                + " \"formats\": [\"prompt\", \"mcq\"], \"forget\": \"first:16\", \"edit_target\": \"data\","
                + " \"evaluation\": {\"mcq_shots\": " + shots + ", \"mcq_shot_pool\": 64}}", "cf.json");
    }

    @Test
    void thePoolIsNeitherForgottenNorMaintainedAndGivesTheShots() {
        Dataset data = DatasetFiles.load("demo-counterfact", null, null);
        assertEquals(160, data.facts().size());
        Split split = ExperimentRunner.split(config(8), data, 0);
        Set<String> pool = new HashSet<>();
        data.facts().subList(96, 160).forEach(f -> pool.add(f.id()));
        List<Fact> used = new ArrayList<>(split.forget());
        used.addAll(split.maintain());
        assertEquals(96, used.size(), "160 facts less the 64 of the pool");
        assertTrue(used.stream().noneMatch(f -> pool.contains(f.id())), "no pool fact is edited or maintained");
        assertEquals(data.facts().subList(0, 16).stream().map(Fact::id).toList(),
                split.forget().stream().map(Fact::id).toList());
        // Without shots nothing is held out.
        assertEquals(160, ExperimentRunner.split(config(0), data, 0).maintain().size() + 16);
        // The shots come from the pool: every subject in the prefix is a pool city.
        String prefix = data.format("mcq").withShots(CounterFactProtocol.pool(data, config(8).evaluation()), 8, 0)
                .prefix();
        assertEquals(8, prefix.split("\n\nAnswer: [A-D]\n\n", -1).length - 1, prefix);
        for (Fact f : data.facts()) {
            if (prefix.contains("city of " + f.subject() + "?")) {
                assertTrue(pool.contains(f.id()), f.subject() + " is a shot but not in the pool");
            }
        }
    }

    @Test
    void factsTheModelGivesUnderHalfAreDropped() {
        Dataset data = DatasetFiles.load("demo-counterfact", null, null);
        // Every odd fact claims its new target as the truth: the model does not know that, so it must go.
        List<Fact> mixed = new ArrayList<>();
        for (Fact f : data.facts().subList(0, 20)) {
            mixed.add(Integer.parseInt(f.id()) % 2 == 0 ? f : new Fact(f.id(), f.subject(), f.relation(),
                    f.editTarget(), List.of(f.editTarget(), f.attribute()), f.attribute(), f.prompts(), f.extras()));
        }
        Dataset d = new Dataset("mixed", mixed, data.formats());
        try (LocusModel model = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            double[][] p = new FormatScorer(model).vocabularyProbabilities(
                    mixed.stream().map(f -> d.format("prompt").render(f).get(0)).toList());
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < mixed.size(); i++) {
                if (p[i][0] >= 0.5) {
                    expected.add(mixed.get(i).id());
                }
            }
            List<String> kept = CounterFactProtocol.known(model, d, d.format("prompt"), 0.5).facts().stream()
                    .map(Fact::id).toList();
            assertEquals(expected, kept);
            assertTrue(kept.size() < 20 && kept.size() >= 8, "the odd facts go, the even ones stay: " + kept);
            assertTrue(kept.stream().allMatch(id -> Integer.parseInt(id) % 2 == 0), kept.toString());
            assertEquals(20, CounterFactProtocol.known(model, d, d.format("prompt"), 0).facts().size(),
                    "0 keeps every fact");
        }
    }
}
