package dev.locus.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder until the Data panel lands. */
final class DataPanel implements Panel {
    DataPanel(WorkbenchContext context) {
    }

    @Override
    public String title() {
        return "Data";
    }

    @Override
    public String purpose() {
        return "Choose facts and a forget set; preview formats; accuracy before editing";
    }

    @Override
    public Node view() {
        return new Label("Data");
    }
}
