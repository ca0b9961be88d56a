package dev.locus.ui.session;

import javafx.scene.Node;

/** One panel of the workbench: a view built on the JavaFX thread over its view model. */
public interface Panel {
    /** Its name in the navigation, e.g. "Localize". */
    String title();

    /** What the navigation's tooltip says it is for. */
    String purpose();

    /** The view; built once, on the JavaFX thread. */
    Node view();

    /** Items it adds to the File menu (open, save, export...). */
    default java.util.List<javafx.scene.control.MenuItem> fileMenu() {
        return java.util.List.of();
    }

    /** Items it adds to the Run menu. */
    default java.util.List<javafx.scene.control.MenuItem> runMenu() {
        return java.util.List.of();
    }

    /** Called once on the JavaFX thread after the window is shown (e.g. to load the bundled model). */
    default void started() {
    }

    /** Called on the JavaFX thread when the user navigates to it. */
    default void shown() {
    }
}
