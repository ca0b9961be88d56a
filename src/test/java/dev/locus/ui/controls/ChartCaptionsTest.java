package dev.locus.ui.controls;

import static org.junit.jupiter.api.Assertions.*;

import dev.locus.ui.results.ResultsViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every chart the workbench shows has a caption and help: the registry's entries are one plain line and a few
 * sentences, and every chart name the sources give a chart pane resolves to one (a new chart without a caption fails
 * here; one whose name is computed fails in ChartPane, whose assertion names it, as soon as a test shows it).
 */
class ChartCaptionsTest {
    @Test
    void everyCaptionIsOneLineAndItsHelpAFewSentences() {
        assertFalse(ChartCaptions.keys().isEmpty());
        for (String key : ChartCaptions.keys()) {
            ChartCaptions.Caption c = ChartCaptions.of(key);
            assertFalse(c.caption().isBlank(), key);
            assertFalse(c.caption().contains("\n"), key + ": one line");
            assertTrue(c.caption().length() <= 200, key + ": a caption, not a paragraph: " + c.caption().length());
            long sentences = Pattern.compile("[.!?](\\s|$)").matcher(c.help()).results().count();
            assertTrue(sentences >= 2 && sentences <= 3, key + ": help in 2-3 sentences, not " + sentences);
            assertNotEquals(c.caption(), c.help(), key);
        }
    }

    @Test
    void chartFileNamesFindTheirKind() {
        assertEquals("bars", ChartCaptions.keyOf("bars-mcq"));
        assertEquals("bars", ChartCaptions.keyOf("bars"));
        assertEquals("soft-prompt", ChartCaptions.keyOf("soft-prompt-standard"));
        assertEquals("probes-true", ChartCaptions.keyOf("probes-true"));
        assertEquals("heatmap", ChartCaptions.keyOf("heatmap-causal-tracing"));
        assertEquals("tracing", ChartCaptions.keyOf("tracing-resid"));
        assertNull(ChartCaptions.keyOf("barsx"), "a kind is the name or a prefix before '-'");
        assertNull(ChartCaptions.keyOf("something-new"));
        for (String key : ResultsViewModel.CHARTS) {
            assertNotNull(ChartCaptions.of(key), "Results' " + key + " chart has a caption");
        }
    }

    /** The names the sources give chart panes: literal arguments, or the literal a name starts with. */
    @Test
    void everyChartNameInTheSourcesHasACaption() throws IOException {
        // new ChartPane(ctx, chart, "edit-loss"), setChart(chart, "soft-prompt-" + format), new HeatmapView(ctx, grid,
        // chart, "heatmap-" + method), setHeatmap(grid, chart, name) ...: the last argument's leading literal
        Pattern call = Pattern.compile("(new ChartPane|\\.setChart|new HeatmapView|\\.setHeatmap)\\(([^;]*?)\\);",
                Pattern.DOTALL);
        Pattern lastLiteral = Pattern.compile(",\\s*\"([^\"]+)\"[^,]*$");
        List<String> names = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    Matcher literal = lastLiteral.matcher(m.group(2));
                    if (literal.find()) {
                        String name = literal.group(1);
                        names.add(name);
                        // "soft-prompt-" + format: the literal is the kind and its dash
                        String kind = ChartCaptions.keyOf(name.endsWith("-") ? name.substring(0, name.length() - 1) : name);
                        if (kind == null) {
                            missing.add(f.getFileName() + ": " + name);
                        }
                    }
                }
            }
        }
        assertTrue(names.size() >= 8, "the scan finds the workbench's charts: " + names);
        assertTrue(names.containsAll(List.of("edit-loss", "probe-curves", "next-token-probabilities", "sweep",
                "soft-prompt-", "heatmap-")), names.toString());
        assertEquals(List.of(), missing, "charts without a caption in ChartCaptions");
    }
}
