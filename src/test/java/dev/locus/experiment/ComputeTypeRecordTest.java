package dev.locus.experiment;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.model.Bundled;
import dev.locus.model.ComputeType;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json says which type the model computed in, and the checkpoint's own dtype apart from it. */
class ComputeTypeRecordTest {
    @TempDir
    Path tmp;

    @Test
    void runJsonRecordsFloat16() throws Exception {
        Path dir = tmp.resolve("run");
        ExperimentConfig c = ExperimentConfig.defaults("tiny").withRun("tiny", List.of(0L), List.of("flu"));
        RunDirectory.prepare(dir, false);
        try (LocusModel model = LocusModel.load(Bundled.sportsWorld(), Device.cpu(), ComputeType.FLOAT16)) {
            new RunRecorder(dir, c, RunListener.NONE).start(model);
        }
        JsonNode run = new ObjectMapper().readTree(Files.readString(dir.resolve("run.json")));
        assertEquals("float16", run.path("compute_type").asText(), run.toString());
    }
}
