package dev.locus.ui.controls;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
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
import javafx.scene.shape.Rectangle;

/**
 * The small view pieces every panel shares: the panel's outer box and stylesheet, cards, tooltips, hints, bars and
 * color swatches, so that each looks the same wherever it appears.
 */
public final class Widgets {
    /** The rules of the panels, on top of the window's tokens. */
    static final String STYLESHEET = Widgets.class.getResource("getting-started.css").toExternalForm();

    private Widgets() {
    }

    /** The panel's outer box: title, subtitle, our stylesheet. */
    public static VBox panel(String title, String subtitle) {
        Label t = new Label(title);
        t.getStyleClass().add("panel-title");
        Label s = new Label(subtitle);
        s.getStyleClass().add("panel-subtitle");
        s.setWrapText(true);
        s.setMinHeight(Region.USE_PREF_SIZE); // wraps to a second line rather than being cut when the panel is full
        VBox root = new VBox(t, s);
        root.getStyleClass().add("panel");
        root.getStylesheets().add(STYLESHEET);
        return root;
    }

    /** A white card with a bold title over its content. */
    public static VBox card(String title, Node... content) {
        VBox card = new VBox(cardTitle(title));
        card.getChildren().addAll(content);
        card.getStyleClass().add("card");
        return card;
    }

    /** A card's bold title. */
    public static Label cardTitle(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("card-title");
        return l;
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

    /** A small rounded square of a method's color (its lighter version for a compared run B), for tables and legends. */
    public static Node methodSwatch(String method, boolean lighter) {
        Rectangle r = new Rectangle(12, 12, Theme.method(method));
        r.setArcWidth(3);
        r.setArcHeight(3);
        r.setOpacity(lighter ? 0.5 : 1.0);
        return r;
    }

    /** A legend entry: a square in a color token of the stylesheet (e.g. {@code -locus-good}) before its text. */
    public static Label legend(String colorToken, String text) {
        Region r = new Region();
        r.setStyle("-fx-background-color: " + colorToken + "; -fx-background-radius: 3;");
        r.setMinSize(14, 14);
        r.setMaxSize(14, 14);
        return new Label(text, r);
    }

    /** Calls {@code apply} with the flag now and whenever it changes (presentation mode's layout changes). */
    public static void follow(ObservableBooleanValue flag, java.util.function.Consumer<Boolean> apply) {
        flag.addListener((obs, was, now) -> apply.accept(now));
        apply.accept(flag.get());
    }

    /** Binds the nodes' visibility (and whether they take room) to {@code shown}. */
    public static void showWhen(ObservableBooleanValue shown, Node... nodes) {
        for (Node n : nodes) {
            n.visibleProperty().bind(Bindings.createBooleanBinding(shown::get, shown));
            n.managedProperty().bind(n.visibleProperty());
        }
    }
}
