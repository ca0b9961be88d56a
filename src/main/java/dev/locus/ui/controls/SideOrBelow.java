package dev.locus.ui.controls;

import javafx.geometry.HPos;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.layout.Pane;

/**
 * Two nodes side by side while the second needs at most {@link #SIDE_SHARE} of the width, else the second below the
 * first: a text with its actions beside it keeps a readable line length when the window narrows (the job list opens,
 * the text grows) instead of collapsing into a thin column.
 */
public final class SideOrBelow extends Pane {
    /** The most of the width the side node may take while beside the main one. */
    public static final double SIDE_SHARE = 0.4;

    private final Node main;
    private final Node side;
    private final double gap;

    public SideOrBelow(Node main, Node side, double gap) {
        this.main = main;
        this.side = side;
        this.gap = gap;
        getChildren().addAll(main, side);
    }

    /** Whether the side node goes beside the main one at this inner width. */
    boolean beside(double innerWidth) {
        return side.prefWidth(-1) <= innerWidth * SIDE_SHARE;
    }

    /** Whether the side node is beside the main one now. */
    public boolean isBeside() {
        return beside(innerWidth(getWidth()));
    }

    @Override
    public Orientation getContentBias() {
        return Orientation.HORIZONTAL;
    }

    @Override
    protected double computeMinWidth(double height) {
        return snappedLeftInset() + Math.max(main.minWidth(-1), side.minWidth(-1)) + snappedRightInset();
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + main.prefWidth(-1) + gap + side.prefWidth(-1) + snappedRightInset();
    }

    @Override
    protected double computeMinHeight(double width) {
        return computePrefHeight(width);
    }

    @Override
    protected double computePrefHeight(double width) {
        double inner = width < 0 ? innerWidth(computePrefWidth(-1)) : innerWidth(width);
        double h;
        if (beside(inner)) {
            double sideWidth = side.prefWidth(-1);
            h = Math.max(main.prefHeight(inner - sideWidth - gap), side.prefHeight(sideWidth));
        } else {
            h = main.prefHeight(inner) + gap + side.prefHeight(Math.min(side.prefWidth(-1), inner));
        }
        return snappedTopInset() + h + snappedBottomInset();
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset();
        double y = snappedTopInset();
        double inner = innerWidth(getWidth());
        double innerHeight = getHeight() - y - snappedBottomInset();
        double sideWidth = Math.min(side.prefWidth(-1), inner);
        if (beside(inner)) {
            double mainWidth = inner - sideWidth - gap;
            layoutInArea(main, x, y, mainWidth, innerHeight, 0, HPos.LEFT, VPos.CENTER);
            layoutInArea(side, x + mainWidth + gap, y, sideWidth, innerHeight, 0, HPos.CENTER, VPos.CENTER);
        } else {
            double mainHeight = main.prefHeight(inner);
            layoutInArea(main, x, y, inner, mainHeight, 0, HPos.LEFT, VPos.TOP);
            layoutInArea(side, x, y + mainHeight + gap, sideWidth, side.prefHeight(sideWidth), 0, HPos.LEFT, VPos.TOP);
        }
    }

    private double innerWidth(double width) {
        return Math.max(0, width - snappedLeftInset() - snappedRightInset());
    }
}
