package dev.locus.ui.window;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.scene.Node;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/**
 * Presentation mode (View > Presentation, F11) for a class: the window goes full screen, text grows to
 * {@link #FONT_SIZE} px, and the job list beside the panels gives way to the one-line {@link JobBar}. It follows
 * {@code Session.presentation}, which panels watch to lay themselves out for 1280 x 720; leaving full screen (Esc)
 * ends it too. Leaving restores the text size and the side job list.
 */
public final class PresentationMode {
    /** The text size of presentation mode, in pixels (Ctrl+= and Ctrl+- still change it). */
    public static final double FONT_SIZE = 18;
    /** The style class on the window's root while presenting. */
    public static final String STYLE = "presentation";

    private final Stage stage;
    private final BooleanProperty on;
    private final DoubleProperty fontSize;
    private final BorderPane root;
    private final Node jobList;
    private final Node statusBar;
    private final Node jobBar;
    private double normalFontSize;
    private boolean wentFullScreen;

    /**
     * @param on the session's presentation property, which this follows
     * @param fontSize the window's text size
     * @param root the window's root: the job list on its right and the status bar at its bottom in normal mode
     */
    public PresentationMode(Stage stage, BooleanProperty on, DoubleProperty fontSize, BorderPane root, Node jobList,
                            Node statusBar, Node jobBar) {
        this.stage = stage;
        this.on = on;
        this.fontSize = fontSize;
        this.root = root;
        this.jobList = jobList;
        this.statusBar = statusBar;
        this.jobBar = jobBar;
        this.normalFontSize = fontSize.get();
        stage.setFullScreenExitHint("Esc or F11 leaves presentation mode");
        // Esc leaves full screen by itself; presentation mode goes with it.
        stage.fullScreenProperty().addListener((obs, was, full) -> {
            if (full) {
                wentFullScreen = on.get();
            } else if (wentFullScreen && on.get()) {
                wentFullScreen = false;
                on.set(false);
            }
        });
        on.addListener((obs, was, now) -> apply(now));
        if (on.get()) {
            apply(true);
        } else {
            layout(false);
        }
    }

    /** View > Presentation: a check item that shows the mode and switches it (F11). */
    public CheckMenuItem menuItem() {
        CheckMenuItem item = new CheckMenuItem("Presentation");
        item.setAccelerator(new KeyCodeCombination(KeyCode.F11));
        item.selectedProperty().bindBidirectional(on);
        item.setUserData("Full screen, larger text, the job list as a slim bar: for a projector");
        return item;
    }

    private void apply(boolean presenting) {
        if (presenting) {
            normalFontSize = fontSize.get();
            fontSize.set(Math.max(FONT_SIZE, normalFontSize));
        } else {
            fontSize.set(normalFontSize);
        }
        layout(presenting);
        if (stage.isFullScreen() != presenting) {
            stage.setFullScreen(presenting);
        }
    }

    private void layout(boolean presenting) {
        root.setRight(presenting ? null : jobList);
        root.setBottom(presenting ? jobBar : statusBar);
        root.getStyleClass().remove(STYLE);
        if (presenting) {
            root.getStyleClass().add(STYLE);
        }
    }
}
