package dev.locus.demo;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.demo.MechanismChecks.Ablation;
import dev.locus.demo.MechanismChecks.Position;
import dev.locus.demo.MechanismChecks.Site;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled model's lookup, as the issue-15 investigation measured it: it is all in layer 0 at the last name
 * (the attention that brings the first name over and the MLP that reads the pair), and layer 1's attention moves it
 * to the final position. Chance is 1/3 (three sports among the candidates).
 */
class MechanismChecksTest {
    private static LocusModel model;
    private static Dataset data;
    private static MechanismChecks checks;

    @BeforeAll
    static void load() {
        model = LocusModel.load(Bundled.sportsWorld(), Device.cpu());
        data = SportsFactsCsv.read(Bundled.sportsWorld().resolve("sports.csv"));
        checks = new MechanismChecks(model, data.format("standard"));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static double accuracy(Site site, int layer, Position... at) {
        return checks.score(data.facts(), List.of(new Ablation(site, layer, EnumSet.of(at[0], at)))).accuracy();
    }

    @Test
    void theLookupIsLayerZerosMlpAndAttentionAtTheLastName() {
        assertTrue(checks.score(data.facts(), List.of()).accuracy() > 0.99);
        assertEquals(1.0 / 3, accuracy(Site.MLP, 0, Position.SUBJECT_FIRST, Position.SUBJECT_LAST), 0.05);
        assertEquals(1.0 / 3, accuracy(Site.ATTN, 0, Position.SUBJECT_LAST), 0.05, "the last name must see the first");
        for (int l = 1; l < model.config().nLayers(); l++) {
            assertTrue(accuracy(Site.MLP, l, Position.SUBJECT_FIRST, Position.SUBJECT_LAST) > 0.95, "MLP " + l);
            assertTrue(accuracy(Site.ATTN, l, Position.SUBJECT_LAST) > 0.95, "attention " + l);
        }
    }

    @Test
    void layerOnesAttentionMovesTheSportToTheEnd() {
        assertTrue(accuracy(Site.ATTN, 1, Position.FINAL) < 0.8);
        assertTrue(accuracy(Site.ATTN, 0, Position.FINAL) > 0.95);
        assertTrue(accuracy(Site.MLP, 0, Position.FINAL) > 0.95);
    }

    @Test
    void probesReadTheSportAtTheLastNameAfterLayerZeroOnly() {
        List<Fact> facts = data.facts();
        int split = facts.size() * 4 / 5;
        double[] curve = checks.probe(Position.SUBJECT_LAST, facts.subList(0, split), facts.subList(split, facts.size()),
                data.attributes()).trueAccuracy();
        assertTrue(curve[0] < 0.45, "embeddings: " + curve[0]);
        assertTrue(curve[1] > 0.8, "after block 0: " + curve[1]);
    }
}
