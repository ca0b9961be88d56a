package dev.locus.ui.circuit;

import dev.locus.export.circuit.CircuitFigure;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import javafx.application.Platform;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * The view's edges, drawn by the figure (as the PNG file is: Java2D into an image) on a thread of their own: thousands
 * of antialiased curves take a few hundred milliseconds to rasterize, which on the JavaFX thread would freeze every
 * drag. Meanwhile the view shows the last image moved and scaled to where the graph is now, so panning and zooming
 * keep the frame rate, and the sharp image follows. Only the latest view is rendered (a burst of moves renders once
 * or twice). No tensors here.
 */
final class EdgeLayer {
    private static final ExecutorService RENDER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "locus-circuit-edges");
        t.setDaemon(true);
        return t;
    });

    /** A view of a figure: what an image shows. */
    private record View(CircuitFigure figure, double scale, double ox, double oy, int width, int height) {
    }

    private final Runnable onImage;
    private WritableImage image;
    private View shown;
    private int drawn;
    private View wanted;
    private boolean busy;
    private LongConsumer onRender = nanos -> { };
    // Render thread only: reused from image to image.
    private final Path2D.Double[] batches = new Path2D.Double[CircuitFigure.BATCHES];
    private BufferedImage buffer;

    /** @param onImage asks the view to redraw once a new image is in (JavaFX thread) */
    EdgeLayer(Runnable onImage) {
        this.onImage = onImage;
        for (int i = 0; i < batches.length; i++) {
            batches[i] = new Path2D.Double(Path2D.WIND_NON_ZERO, 256);
        }
    }

    /**
     * Draws the latest image where its edges are at this scale and offset, and asks for a new one when it shows
     * another view (JavaFX thread).
     */
    void draw(GraphicsContext gc, CircuitFigure figure, double scale, double ox, double oy, int width, int height) {
        if (figure == null) {
            image = null;
            shown = null;
            drawn = 0;
            wanted = null;
            return;
        }
        if (image != null && shown.figure().geometry().layout().equals(figure.geometry().layout())) {
            double k = scale / shown.scale();
            gc.drawImage(image, ox - shown.ox() * k, oy - shown.oy() * k, shown.width() * k, shown.height() * k);
        }
        View now = new View(figure, scale, ox, oy, width, height);
        if (!now.equals(shown) && !now.equals(wanted) && width > 0 && height > 0) {
            wanted = now;
            if (!busy) {
                render(now);
            }
        }
    }

    /** Edges in the latest image (those in view). */
    int drawn() {
        return drawn;
    }

    /** Whether the image shows the latest view asked for. */
    boolean current() {
        return wanted == null || wanted.equals(shown);
    }

    /** Told each render's time on the render thread, in nanoseconds (the benchmark). */
    void setOnRender(LongConsumer action) {
        onRender = action;
    }

    private void render(View v) {
        busy = true;
        RENDER.execute(() -> {
            long start = System.nanoTime();
            WritableImage img;
            int n;
            try {
                if (buffer == null || buffer.getWidth() != v.width() || buffer.getHeight() != v.height()) {
                    buffer = new BufferedImage(v.width(), v.height(), BufferedImage.TYPE_INT_ARGB_PRE);
                }
                Graphics2D g = buffer.createGraphics();
                try {
                    g.setComposite(AlphaComposite.Clear);
                    g.fillRect(0, 0, v.width(), v.height());
                    g.setComposite(AlphaComposite.SrcOver);
                    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                    n = v.figure().drawEdges(g, v.scale(), v.ox(), v.oy(), 0, 0, v.width(), v.height(), batches);
                } finally {
                    g.dispose();
                }
                int[] pixels = ((DataBufferInt) buffer.getRaster().getDataBuffer()).getData();
                img = new WritableImage(v.width(), v.height());
                img.getPixelWriter().setPixels(0, 0, v.width(), v.height(), PixelFormat.getIntArgbPreInstance(), pixels,
                        0, v.width());
            } catch (RuntimeException | OutOfMemoryError e) {
                Platform.runLater(() -> busy = false);
                throw e;
            }
            long nanos = System.nanoTime() - start;
            int count = n;
            Platform.runLater(() -> {
                busy = false;
                onRender.accept(nanos);
                if (wanted != null && wanted.figure() == v.figure() || shown == null) {
                    image = img;
                    shown = v;
                    drawn = count;
                }
                if (wanted != null && !wanted.equals(v)) {
                    render(wanted);
                }
                onImage.run();
            });
        });
    }
}
