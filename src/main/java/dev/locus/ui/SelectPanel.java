package dev.locus.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder until the Select panel lands. */
final class SelectPanel implements Panel {
    SelectPanel(WorkbenchContext context) {
    }

    @Override
    public String title() {
        return "Select";
    }

    @Override
    public String purpose() {
        return "Pick components by strategy or by hand; compare; masks";
    }

    @Override
    public Node view() {
        return new Label("Select");
    }
}
