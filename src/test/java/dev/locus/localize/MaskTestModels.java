package dev.locus.localize;

import dev.locus.model.LocusModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** What the mask tests share: three models loaded once per test class (a tiny Llama, a tiny GPT-2, the demo). */
abstract class MaskTestModels {
    @TempDir
    static Path modelDir;
    @TempDir
    Path dir;

    static MaskFixtures.Models models;
    static LocusModel llama;
    static LocusModel gpt2;
    static LocusModel demo;

    @BeforeAll
    static void load() {
        models = MaskFixtures.Models.load(modelDir);
        llama = models.llama();
        gpt2 = models.gpt2();
        demo = models.demo();
    }

    @AfterAll
    static void close() {
        if (models != null) {
            models.close();
        }
    }
}
