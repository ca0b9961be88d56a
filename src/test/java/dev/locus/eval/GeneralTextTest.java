package dev.locus.eval;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import dev.locus.data.GeneralText;
import dev.locus.edit.EditTask;
import dev.locus.model.Bundled;
import dev.locus.model.LocusModel;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** General text is read in windows of the paper's 100 tokens, by the edits and by the text loss alike. */
class GeneralTextTest {

    @Test
    void aLongLineIsCutToItsFirstHundredTokensForTrainingAndForTheLoss() throws Exception {
        try (LocusModel model = LocusModel.load(Bundled.sportsWorld(), Device.cpu())) {
            // The demo's sentences, joined into one line of about 300 tokens (the model's context is 256).
            List<String> words = new ArrayList<>();
            for (String line : Files.readAllLines(Bundled.sportsWorld().resolve("general-text.txt"))) {
                words.addAll(Arrays.asList(line.strip().split(" ")));
                if (words.size() > 300) {
                    break;
                }
            }
            String longLine = String.join(" ", words);
            int[] all = model.requireTokenizer().encode(longLine);
            assertTrue(all.length > 256, "the line is longer than the context: " + all.length);

            List<int[]> windows = GeneralText.windows(model.requireTokenizer(), List.of(longLine, "", "a dog ."), 256);
            assertEquals(2, windows.size(), "an empty line (the start token alone) has nothing to predict");
            assertArrayEquals(Arrays.copyOf(all, 100), windows.get(0));
            assertArrayEquals(model.requireTokenizer().encode("a dog ."), windows.get(1), "short lines stay whole");
            assertEquals(List.of(100), EditTask.of(model, null, List.of(), List.of(), List.of(longLine), true).general()
                    .stream().map(w -> w.length).toList(), "the edit's general loss reads the same window");

            // The word-level tokenizer gives one token per word after the start token: the window is the first 99 words.
            String window = String.join(" ", words.subList(0, 99));
            assertArrayEquals(Arrays.copyOf(all, 100), model.requireTokenizer().encode(window));
            assertEquals(GeneralCapability.textLoss(model, List.of(window)), GeneralCapability.textLoss(model, List.of(longLine)),
                    1e-6, "the text loss of a long line is the loss of its window");
        }
    }
}
