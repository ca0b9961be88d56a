package dev.locus.demo;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.data.world.SportsWorld;
import dev.locus.model.Bundled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped CounterFact form of the city facts is exactly what the generator makes from the model's world. */
class CityCounterFactTest {
    @TempDir
    Path tmp;

    @Test
    void theShippedFilesRegenerateIdentically() throws Exception {
        // MODEL_CARD.md: the shipped model was trained by `locus train-demo --seed 2` (32 names per pool).
        SportsWorld world = SportsWorld.generate(2, DemoRecipe.standard(2).namesPerPool());
        CityCounterFact.write(world, tmp);
        for (String file : List.of(CityCounterFact.FACTS, CityCounterFact.QUESTIONS, CityCounterFact.FORMATS)) {
            assertEquals(Files.readString(Bundled.sportsWorld().resolve(file)), Files.readString(tmp.resolve(file)),
                    file + " differs from what CityCounterFact makes; regenerate it");
        }
        String facts = Files.readString(tmp.resolve(CityCounterFact.FACTS));
        assertTrue(facts.contains("\"subject\" : \"" + world.cities().get(0).name() + "\""));
        assertTrue(facts.contains("\"target_true\" : {\n      \"str\" : \"" + world.cities().get(0).country() + "\""));
    }
}
