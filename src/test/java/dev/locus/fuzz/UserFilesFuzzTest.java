package dev.locus.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import ai.djl.Device;
import dev.locus.core.LocusException;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.localize.select.MaskFiles;
import dev.locus.localize.select.Strategies;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import dev.locus.model.TextTokenizer;
import dev.locus.ui.workspace.WorkspaceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Damaged versions of the files a user points Locus at (model config.json, tokenizer.json, experiment configs, mask
 * files, workspace files): each either loads or fails with our own one-line {@link LocusException}; nothing else
 * escapes (no NullPointerException, no OutOfMemoryError from a length field) and nothing hangs. The damage: bytes cut,
 * JSON-significant tokens and odd values (huge, negative, NaN, null, long strings) inserted or swapped in, the file
 * truncated. 300 inputs per parser in the normal run (junit-platform.properties); {@code mvn test -Djqwik.tries.default=5000 -Dtest=UserFilesFuzzTest}
 * is the nightly size (safetensors files and datasets have their own fuzz tests in model.io and data).
 */
class UserFilesFuzzTest {
    private static Path dir;
    private static LocusModel model;
    private static String modelConfig;
    private static String tokenizer;
    private static String experimentConfig;
    private static String mask;
    private static String workspace;

    @BeforeContainer
    static void seeds() throws IOException {
        dir = Files.createTempDirectory("locus-fuzz");
        Path demo = Bundled.sportsWorld();
        model = LocusModel.load(demo, Device.cpu());
        modelConfig = Files.readString(demo.resolve("config.json"));
        tokenizer = Files.readString(demo.resolve("tokenizer.json"));
        experimentConfig = Files.readString(Path.of("sample-configs/sports-world-flu-vs-ot.json"));
        Path maskFile = dir.resolve("seed-mask.json");
        MaskFiles.writeJson(maskFile, Strategies.fluLayers(model.components(), 0, 1), model);
        mask = Files.readString(maskFile);
        Path ws = dir.resolve("seed.locus.json");
        new WorkspaceFile(WorkspaceFile.VERSION, "demo", ExperimentConfig.defaults("w").toJson(),
                Map.of("flu", "seed-masks/flu.json"), "flu", null, List.of("/tmp/run"), "Edit").write(ws);
        workspace = Files.readString(ws);
    }

    @AfterContainer
    static void close() {
        model.close();
    }

    private static Arbitrary<String> damaged(String seed) {
        return Damage.text(seed);
    }

    @Provide
    Arbitrary<String> modelConfigs() {
        return damaged(modelConfig);
    }

    @Provide
    Arbitrary<String> tokenizers() {
        return damaged(tokenizer);
    }

    @Provide
    Arbitrary<String> experimentConfigs() {
        return damaged(experimentConfig);
    }

    @Provide
    Arbitrary<String> masks() {
        return damaged(mask);
    }

    @Provide
    Arbitrary<String> workspaces() {
        return damaged(workspace);
    }

    @Property
    void modelFolderWithADamagedConfigLoadsOrSaysWhy(@ForAll("modelConfigs") String text) throws IOException {
        Path folder = Files.createTempDirectory(dir, "model");
        Files.writeString(folder.resolve("config.json"), text);
        Path demo = Bundled.sportsWorld();
        Files.createSymbolicLink(folder.resolve("model.safetensors"), demo.resolve("model.safetensors").toAbsolutePath());
        Files.createSymbolicLink(folder.resolve("tokenizer.json"), demo.resolve("tokenizer.json").toAbsolutePath());
        ours(() -> LocusModel.load(folder, Device.cpu()).close());
    }

    @Property
    void damagedTokenizerLoadsOrSaysWhy(@ForAll("tokenizers") String text) {
        Path file = write("tokenizer.json", text);
        ours(() -> TextTokenizer.load(file).close());
    }

    @Property
    void damagedExperimentConfigParsesOrSaysWhy(@ForAll("experimentConfigs") String text) {
        ours(() -> ExperimentConfig.parse(text, "run.json", dir));
    }

    @Property
    void damagedMaskLoadsOrSaysWhy(@ForAll("masks") String text) {
        Path file = write("mask.json", text);
        ours(() -> MaskFiles.readJson(file, model));
    }

    @Property
    void damagedWorkspaceOpensOrSaysWhy(@ForAll("workspaces") String text) {
        Path file = write("w.locus.json", text);
        ours(() -> {
            WorkspaceFile w = WorkspaceFile.read(file);
            w.experimentConfig(file);
            w.modelFolder();
        });
    }

    private static Path write(String name, String text) {
        try {
            Path file = Files.createTempDirectory(dir, "f").resolve(name);
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code load}: it works or throws a LocusException with a one-line message; within 20 s. */
    private static void ours(Runnable load) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                load.run();
            } catch (LocusException e) {
                if (e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n")) {
                    throw new AssertionError("not one clear line: " + e.getMessage(), e);
                }
            }
        });
    }
}
