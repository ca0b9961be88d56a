package dev.locus.ui.controls;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCombination;

/** Menu items as the panels contribute them to the window's File and Run menus. */
public final class Menus {
    private Menus() {
    }

    /** An item with its shortcut (or none) and help text; the action runs on the JavaFX thread. */
    public static MenuItem item(String text, String tip, KeyCombination key, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (key != null) {
            m.setAccelerator(key);
        }
        m.setOnAction(e -> action.run());
        // MenuItems take no Tooltip; the help text rides along for the menu's accessible text.
        m.setUserData(tip);
        return m;
    }

    /** A list the caller may add to. */
    public static List<MenuItem> items(MenuItem... items) {
        return new ArrayList<>(List.of(items));
    }
}
