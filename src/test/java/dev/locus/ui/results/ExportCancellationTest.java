package dev.locus.ui.results;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
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
 * Exporting a run's figures over an earlier export and cancelling it from the job list at random moments, as a user
 * would: every file in the folder is then the earlier one or a whole new one, no temporary file is left, the job
 * list is empty, and the next export finishes.
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
    void cancellingAnExportAtRandomMomentsLeavesOnlyWholeFiles() throws Exception {
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
            Map<String, byte[]> first = old;
            assertTrue(old.size() >= 12, "an earlier export to overwrite: " + old.keySet());

            long t = System.nanoTime();
            fx(() -> vm.exportFigures(tmp.resolve("timing"))).get(120, TimeUnit.SECONDS);
            int fullMs = (int) ((System.nanoTime() - t) / 1_000_000);

            Random random = new Random(5);
            int cancelled = 0;
            int mixed = 0;
            for (int i = 0; i < 16; i++) {
                CompletableFuture<List<String>> export = fx(() -> vm.exportFigures(dir));
                Thread.sleep(random.nextInt(fullMs / 2 + 1)); // within the first half, so that most land mid-way
                fx(() -> {
                    List.copyOf(thread.jobs()).forEach(j -> j.cancel(true)); // the job list's cancel button
                    return null;
                });
                try {
                    export.get(60, TimeUnit.SECONDS);
                } catch (CancellationException e) {
                    cancelled++; // anything else fails the test
                }
                WaitForAsyncUtils.waitForFxEvents();
                assertTrue(fx(() -> thread.jobs().isEmpty()), "cancel " + i + ": the job left the list");
                Map<String, byte[]> files = contents(dir);
                assertEquals(old.keySet(), files.keySet(), "cancel " + i + ": the same files, no temporary ones");
                int replaced = 0;
                for (var f : files.entrySet()) {
                    if (!java.util.Arrays.equals(old.get(f.getKey()), f.getValue())) {
                        assertWhole(f.getKey(), f.getValue(), now);
                        replaced++;
                    }
                }
                if (replaced > 0 && replaced < files.size()) {
                    mixed++;
                }
                RunFigures.write(dir, run.metrics(), run.probes(), OLD); // back to the earlier export
                old = contents(dir); // (SVG's clip ids differ from one export to the next)
            }
            System.out.printf("export cancel: full export %d ms, %d of 16 cancelled mid-way, %d left a mix of old and"
                    + " new files%n", fullMs, cancelled, mixed);
            assertTrue(cancelled >= 8, "most exports were stopped mid-way: " + cancelled);
            List<String> names = fx(() -> vm.exportFigures(dir)).get(120, TimeUnit.SECONDS);
            Map<String, byte[]> files = contents(dir);
            assertEquals(first.size(), names.size() * 3, "and an export after all that writes every figure");
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
