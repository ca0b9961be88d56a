package dev.locus.ui.controls;

import static dev.locus.ui.fixtures.Fx.fx;
import static org.junit.jupiter.api.Assertions.*;

import dev.locus.export.RadarChart;
import dev.locus.ui.fixtures.TestWindows;
import dev.locus.ui.session.Session;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.ModelThread;
import java.awt.Font;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.title.LegendTitle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** A chart pane in a real window: its caption and help, fonts enlarged while presenting, an empty radar drawn white. */
@ExtendWith(ApplicationExtension.class)
class ChartPaneWindowTest {
    private Stage stage;
    private ModelThread thread;
    private Session session;
    private WorkbenchContext ctx;
    private final StackPane root = new StackPane();

    @Start
    void start(Stage stage) {
        this.stage = stage;
        thread = TestWindows.thread();
        session = new Session();
        ctx = WorkbenchContext.headless(session, thread);
        Scene scene = new Scene(root, 700, 480);
        Theme.apply(scene);
        root.getStylesheets().add(Widgets.STYLESHEET);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void close() {
        thread.close();
    }

    private ChartPane show(JFreeChart chart, String name) throws Exception {
        ChartPane pane = fx(() -> {
            ChartPane p = new ChartPane(ctx, chart, name);
            root.getChildren().setAll(p);
            return p;
        });
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(200);
        WaitForAsyncUtils.waitForFxEvents();
        return pane;
    }

    @Test
    void theCaptionSaysWhatTheChartShowsAndTheHelpHowToReadIt() throws Exception {
        ChartPane pane = show(FigureExportRequestTest.chart(), "bars-mcq");
        ChartCaptions.Caption bars = ChartCaptions.of("bars");
        assertEquals("bars", pane.captionKey(), "the kind of a format's bars");
        assertEquals(bars.caption(), fx(() -> pane.captionLabel().getText()));
        assertTrue(fx(() -> pane.captionLabel().isVisible() && pane.captionLabel().getHeight() > 0), "shown");
        Label help = (Label) fx(() -> pane.lookup(".chart-help"));
        assertEquals("?", help.getText());
        assertEquals(bars.help(), help.getTooltip().getText());
        fx(() -> pane.setChart(FigureExportRequestTest.chart(), "soft-prompt-standard"));
        assertEquals(ChartCaptions.of("soft-prompt").caption(), fx(() -> pane.captionLabel().getText()),
                "the caption follows the chart shown");
    }

    /** The bars of a small run, with a title. */
    private static JFreeChart titled() {
        JFreeChart chart = FigureExportRequestTest.chart();
        chart.setTitle("Before and after");
        dev.locus.export.FigureTheme.apply(chart);
        return chart;
    }

    @Test
    void presentingEnlargesEveryTextOfTheChartAndGivesItBack() throws Exception {
        JFreeChart chart = titled();
        CategoryPlot plot = chart.getCategoryPlot();
        LegendTitle legend = chart.getLegend();
        List<Font> before = List.of(chart.getTitle().getFont(), plot.getRangeAxis().getLabelFont(),
                plot.getRangeAxis().getTickLabelFont(), plot.getDomainAxis().getTickLabelFont(), legend.getItemFont());
        ChartPane pane = show(chart, "bars-standard");
        fx(() -> session.presentation.set(true));
        List<Font> presenting = List.of(chart.getTitle().getFont(), plot.getRangeAxis().getLabelFont(),
                plot.getRangeAxis().getTickLabelFont(), plot.getDomainAxis().getTickLabelFont(), legend.getItemFont());
        for (int i = 0; i < before.size(); i++) {
            // the axis's name (1) keeps its size, to fit along its axis
            double factor = i == 1 ? 1.0 : ChartPane.PRESENTATION_SCALE;
            assertEquals(before.get(i).getSize2D() * factor, presenting.get(i).getSize2D(), 0.01,
                    "font " + i + " larger");
            assertEquals(before.get(i).getFamily(), presenting.get(i).getFamily());
        }
        JFreeChart next = titled();
        float made = next.getTitle().getFont().getSize2D();
        fx(() -> pane.setChart(next, "bars-standard"));
        assertEquals(made * ChartPane.PRESENTATION_SCALE, next.getTitle().getFont().getSize2D(), 1e-6,
                "a chart shown while presenting comes enlarged");
        fx(() -> session.presentation.set(false));
        assertEquals(made, next.getTitle().getFont().getSize2D(), 1e-6, "and leaves as made");
        assertEquals(before.get(1), plot.getRangeAxis().getLabelFont(), "the chart before keeps what it had");

        JFreeChart radar = RadarChart.radar(List.of());
        var web = (org.jfree.chart.plot.SpiderWebPlot) radar.getPlot();
        float label = web.getLabelFont().getSize2D();
        fx(() -> session.presentation.set(true));
        fx(() -> pane.setChart(radar, "radar"));
        assertEquals(label * ChartPane.PRESENTATION_SCALE, web.getLabelFont().getSize2D(), 1e-6, "the radar's labels");
        fx(() -> session.presentation.set(false));
    }

    /** The radar without data: its plot's background and a line saying why, never a black area. */
    @Test
    void anEmptyRadarIsDrawnOnItsBackgroundWithAMessage() throws Exception {
        ChartPane pane = show(RadarChart.radar(List.of()), "radar");
        WritableImage image = fx(() -> pane.viewer().snapshot(null, null));
        java.awt.image.BufferedImage png = SwingFXUtils.fromFXImage(image, null);
        javax.imageio.ImageIO.write(png, "png", java.nio.file.Path.of("target").resolve("radar-empty.png").toFile());
        int w = png.getWidth();
        int h = png.getHeight();
        int black = 0;
        int dark = 0;
        int pixels = 0;
        for (int y = h / 5; y < h * 4 / 5; y++) {
            for (int x = w / 10; x < w * 9 / 10; x++) {
                int rgb = png.getRGB(x, y);
                int sum = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
                black += sum < 60 ? 1 : 0;
                dark += sum < 3 * 160 ? 1 : 0;
                pixels++;
            }
        }
        assertTrue(black < pixels / 50, "no black area: " + black + " of " + pixels + " pixels black");
        assertTrue(dark > 100, "the no-data message is written: " + dark + " dark pixels");
    }
}
