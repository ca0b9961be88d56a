package dev.locus.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped Sports World model, as a user gets it: `--model demo --data demo`. */
class DemoModelTest {

    @Test
    void theBundledModelKnowsItsFactsInEveryFormat() throws Exception {
        assertTrue(Files.isRegularFile(Path.of("assets/sports-world/model.safetensors")), "the demo model ships in assets/");
        CliTest.Run r = CliTest.run("evaluate", "--model", "demo", "--data", "demo", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode acc = new ObjectMapper().readTree(r.out()).get("accuracy");
        for (String format : new String[] {"standard", "mcq", "qa"}) {
            assertTrue(acc.get(format).asDouble() >= 0.95, format + " accuracy " + acc.get(format));
        }
    }

    @Test
    void userEditedFormatsReplaceTheBuiltInOnes(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path formats = tmp.resolve("formats.json");
        dev.locus.data.files.FormatFiles.write(formats, java.util.List.of(dev.locus.data.PromptFormat.completion("short",
                "Fact: {subject} plays the sport of")));
        CliTest.Run r = CliTest.run("evaluate", "--format-file", formats.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        assertTrue(new ObjectMapper().readTree(r.out()).get("accuracy").has("short"), r.out());
        Files.writeString(formats, "[{\"name\": \"x\", \"kind\": \"completion\", \"tempate\": \"{subject}\"}]");
        CliTest.Run bad = CliTest.run("evaluate", "--format-file", formats.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("formats.json"), bad.err());
        assertEquals(1, bad.err().trim().lines().count(), bad.err());
    }

    @Test
    void theBundledModelCardHasTheMechanismEvidence() throws Exception {
        JsonNode m = new ObjectMapper().readTree(Path.of("assets/sports-world/measurements.json").toFile());
        JsonNode probe = m.get("probe.last_name_token");
        double best = 0;
        for (int l = 1; l < probe.size() / 2 + 1; l++) {
            best = Math.max(best, probe.get(l).asDouble());
        }
        assertTrue(best >= 0.9, "the sport is decodable at the last name after the early layers: " + probe);
        assertTrue(m.get("ablate_mlps_0_to_1.at_subject").asDouble() < 0.45,
                "ablating the early MLPs at the subject drops recall to near chance");
        assertTrue(m.get("ablate_mlps_0_to_1.at_final").asDouble() > 0.9,
                "ablating the same MLPs at the final position costs much less");
        assertTrue(m.get("general.questions").asDouble() > 0.25, "general capability above chance");
        assertTrue(Files.readString(Path.of("assets/sports-world/MODEL_CARD.md")).contains("Mechanism"));
    }
}
