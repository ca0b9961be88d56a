package dev.locus.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder until the Edit panel lands. */
final class EditPanel implements Panel {
    EditPanel(WorkbenchContext context) {
    }

    @Override
    public String title() {
        return "Edit";
    }

    @Override
    public String purpose() {
        return "Edit or unlearn on the selection, one method or a queue";
    }

    @Override
    public Node view() {
        return new Label("Edit");
    }
}
