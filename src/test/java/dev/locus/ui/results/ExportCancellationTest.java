package dev.locus.ui.results;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.CancelPoint;
import dev.locus.experiment.RunFolder;
import dev.locus.experiment.config.FigureSettings;
import dev.locus.export.RunFigures;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.fixtures.TinyRun;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.ModelThread;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Exporting a run's figures over an earlier export and cancelling it from the job list, as a user would, at known
 * moments: right after its k-th file is in place, for k spread over the whole export. The export then ends cancelled;
 * exactly the files written up to that moment are whole new ones, every other file is the earlier one byte for byte,
 * no temporary file is left, the job list is empty, and the next export finishes.
 */
class ExportCancellationTest {
    static final FigureSettings OLD = new FigureSettings(true, 400, 300, 96);

    @TempDir
    Path tmp;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void cancellingAnExportAfterItsKthFileLeavesExactlyTheFirstKNew() throws Exception {
        try (ModelThread thread = TestWindows.thread()) {
            Session session = new Session();
            WorkbenchContext ctx = WorkbenchContext.headless(session, thread);
            ResultsViewModel vm = fx(() -> new ResultsViewModel(ctx));
            fx(() -> session.runs.add(TinyRun.folder()));
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> fx(() -> vm.selected().get() != null));

            RunFolder run = RunFolder.read(TinyRun.folder());
            FigureSettings now = run.config().figures();
            Path dir = tmp.resolve("figures");
            RunFigures.write(dir, run.metrics(), run.probes(), OLD);
            Map<String, byte[]> old = contents(dir);
            assertTrue(old.size() >= 12, "an earlier export to overwrite: " + old.keySet());

            // The order an export writes its files in (the same every time).
            List<String> order = new CopyOnWriteArrayList<>();
            fx(() -> vm.exportFigures(tmp.resolve("order"), f -> order.add(f.getFileName().toString())))
                    .get(120, TimeUnit.SECONDS);
            assertEquals(old.keySet(), Set.copyOf(order), "every file once: " + order);
            assertEquals(old.size(), order.size(), "every file once: " + order);

            // Spread over the whole export (every figure kind, PNG, SVG and PDF); after the last file nothing is left
            // to stop. A cancel after a figure's PNG or SVG was lost before the export checked the job's state (the
            // interrupt alone did not survive drawing the next file's text), and the export ran to its end.
            List<Integer> points = CancelPoint.spread(new Random(5), 16, 0, order.size() - 1);
            for (int i = 0; i < points.size(); i++) {
                int k = points.get(i);
                String at = "cancel " + i + " after file " + k + " (" + order.get(k) + ")";
                CancelPoint point = CancelPoint.at(k);
                CompletableFuture<List<String>> export = fx(() -> vm.exportFigures(dir, f -> point.tick()));
                point.awaitReached();
                fx(() -> {
                    List.copyOf(thread.jobs()).forEach(j -> j.cancel(true)); // the job list's cancel button
                    return null;
                });
                assertThrows(CancellationException.class, () -> export.get(60, TimeUnit.SECONDS), at);
                assertTrue(point.interruptedThere(), at + ": the cancel reached the export there");
                WaitForAsyncUtils.waitForFxEvents();
                assertTrue(fx(() -> thread.jobs().isEmpty()), at + ": the job left the list");
                Map<String, byte[]> files = contents(dir);
                assertEquals(old.keySet(), files.keySet(), at + ": the same files, no temporary ones");
                for (int j = 0; j < order.size(); j++) {
                    String name = order.get(j);
                    if (j <= k) {
                        assertFalse(Arrays.equals(old.get(name), files.get(name)), at + ": " + name + " is new");
                        assertWhole(name, files.get(name), now);
                    } else {
                        assertArrayEquals(old.get(name), files.get(name), at + ": " + name + " is the earlier one");
                    }
                }
                for (int j = 0; j <= k; j++) { // back to the earlier export
                    Files.write(dir.resolve(order.get(j)), old.get(order.get(j)));
                }
            }
            System.out.printf("export cancel: %d files, cancelled after files %s%n", order.size(), points);
            List<String> names = fx(() -> vm.exportFigures(dir)).get(120, TimeUnit.SECONDS);
            Map<String, byte[]> files = contents(dir);
            assertEquals(old.size(), names.size() * 3, "and an export after all that writes every figure");
            for (var f : files.entrySet()) {
                assertWhole(f.getKey(), f.getValue(), now);
            }
        }
    }

    /** A whole figure file at the new export's size. */
    private static void assertWhole(String name, byte[] bytes, FigureSettings f) throws Exception {
        if (name.endsWith(".png")) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertNotNull(image, name + " decodes");
            assertEquals(Math.round(f.width() * f.dpi() / 96.0), image.getWidth(), name);
        } else if (name.endsWith(".svg")) {
            var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
            assertEquals(f.width(), Double.parseDouble(doc.getDocumentElement().getAttribute("width")), name);
        } else {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            assertTrue(text.startsWith("%PDF-") && text.strip().endsWith("%%EOF"), name + " is a whole PDF");
        }
    }

    private static Map<String, byte[]> contents(Path dir) throws Exception {
        Map<String, byte[]> m = new HashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

}
