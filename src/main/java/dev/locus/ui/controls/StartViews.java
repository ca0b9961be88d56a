package dev.locus.ui.controls;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/** Small view pieces shared by the Home, Model and Data panels (their stylesheet, cards, tooltips, bars). */
public final class StartViews {
    /** The rules of these panels, on top of the window's tokens. */
    static final String STYLESHEET = StartViews.class.getResource("getting-started.css").toExternalForm();

    private StartViews() {
    }

    /** The panel's outer box: title, subtitle, our stylesheet. */
    public static VBox panel(String title, String subtitle) {
        Label t = new Label(title);
        t.getStyleClass().add("panel-title");
        Label s = new Label(subtitle);
        s.getStyleClass().add("panel-subtitle");
        s.setWrapText(true);
        VBox root = new VBox(t, s);
        root.getStyleClass().add("panel");
        root.getStylesheets().add(STYLESHEET);
        return root;
    }

    /** A white card with a bold title over its content. */
    public static VBox card(String title, Node... content) {
        Label t = new Label(title);
        t.getStyleClass().add("card-title");
        VBox card = new VBox(t);
        card.getChildren().addAll(content);
        card.getStyleClass().add("card");
        return card;
    }

    public static <T extends Control> T tip(T control, String text) {
        control.setTooltip(new Tooltip(text));
        return control;
    }

    /** A muted line of help text that wraps. */
    public static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        l.setWrapText(true);
        return l;
    }

    public static Region grow() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /**
     * A horizontal bar for a value in [0, 1] with its number beside it; colored good/warn/bad by {@code graded}
     * thresholds (0.9 and 0.5), else the accent color.
     */
    public static Node bar(double value, String text, boolean graded) {
        Region track = new Region();
        track.getStyleClass().add("prob-bar-track");
        track.setPrefWidth(90);
        track.setMinWidth(90);
        track.setMaxHeight(Region.USE_PREF_SIZE);
        Region fill = new Region();
        fill.getStyleClass().add("prob-bar");
        if (graded) {
            fill.getStyleClass().add(value >= 0.9 ? "good" : value >= 0.5 ? "warn" : "bad");
        }
        double v = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
        fill.setPrefWidth(90 * v);
        fill.setMaxWidth(90 * v);
        fill.maxHeightProperty().bind(track.heightProperty());
        StackPane bar = new StackPane(track, fill);
        StackPane.setAlignment(fill, Pos.CENTER_LEFT);
        bar.setMaxHeight(Region.USE_PREF_SIZE);
        Label number = new Label(text);
        number.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(8, bar, number);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}
