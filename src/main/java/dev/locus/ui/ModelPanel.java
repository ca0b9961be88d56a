package dev.locus.ui;

import javafx.scene.Node;
import javafx.scene.control.Label;

/** Placeholder until the Model panel lands. */
final class ModelPanel implements Panel {
    ModelPanel(WorkbenchContext context) {
    }

    @Override
    public String title() {
        return "Model";
    }

    @Override
    public String purpose() {
        return "Open a model, see its shape, try prompts";
    }

    @Override
    public Node view() {
        return new Label("Model");
    }
}
