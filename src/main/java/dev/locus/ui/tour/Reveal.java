package dev.locus.ui.tour;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * Brings a node into view wherever it sits: selects the tabs that hold it and scrolls the scroll panes around it, so
 * that the tour needs no panel's help to show what it points at. JavaFX thread.
 */
final class Reveal {
    private Reveal() {
    }

    /** Selects every tab that holds {@code node}, innermost last; true when one changed. */
    static boolean selectTabs(Node node) {
        boolean changed = false;
        for (Node n = node; n != null; n = n.getParent()) {
            if (n instanceof TabPane pane) {
                for (Tab t : pane.getTabs()) {
                    if (t.getContent() != null && isInside(node, t.getContent()) && pane.getSelectionModel().getSelectedItem() != t) {
                        pane.getSelectionModel().select(t);
                        changed = true;
                    }
                }
            }
        }
        return changed;
    }

    /**
     * Scrolls each scroll pane around {@code node}, innermost first, so that the node is in its viewport: centred
     * when it is small, its top at the viewport's top when it takes more than half of it (room below for the card),
     * as much of it as fits when it is taller than the viewport. {@code layout} lays the window out between panes.
     */
    static void scrollTo(Node node, Runnable layout) {
        for (ScrollPane sp : scrollPanes(node)) {
            Node content = sp.getContent();
            Bounds viewport = sp.getViewportBounds();
            double contentHeight = content.getLayoutBounds().getHeight();
            double room = contentHeight - viewport.getHeight();
            if (room <= 0) {
                continue;
            }
            Bounds b = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
            double top = b.getMinY() - content.getLayoutBounds().getMinY();
            double offset = b.getHeight() > viewport.getHeight() / 2 ? top - TourOverlay.GAP
                    : top - (viewport.getHeight() - b.getHeight()) / 2;
            offset = Math.max(0, Math.min(room, offset));
            sp.setVvalue(sp.getVmin() + offset / room * (sp.getVmax() - sp.getVmin()));
            layout.run();
        }
    }

    /** The part of {@code node} the user can see, in scene coordinates: cut to the viewports of its scroll panes. */
    static Bounds visible(Node node) {
        Bounds b = node.localToScene(node.getBoundsInLocal());
        for (ScrollPane sp : scrollPanes(node)) {
            Bounds v = viewport(sp);
            double x0 = Math.max(b.getMinX(), v.getMinX());
            double y0 = Math.max(b.getMinY(), v.getMinY());
            double x1 = Math.min(b.getMaxX(), v.getMaxX());
            double y1 = Math.min(b.getMaxY(), v.getMaxY());
            b = new BoundingBox(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
        }
        return b;
    }

    /** A scroll pane's viewport in scene coordinates. */
    static Bounds viewport(ScrollPane sp) {
        Bounds v = sp.getViewportBounds();
        return sp.localToScene(new BoundingBox(sp.snappedLeftInset(), sp.snappedTopInset(), v.getWidth(), v.getHeight()));
    }

    /** The scroll panes that hold {@code node}, innermost first. */
    static List<ScrollPane> scrollPanes(Node node) {
        List<ScrollPane> out = new ArrayList<>();
        for (Parent p = node.getParent(); p != null; p = p.getParent()) {
            if (p instanceof ScrollPane sp && sp.getContent() != null && isInside(node, sp.getContent())) {
                out.add(sp);
            }
        }
        return out;
    }

    /** Whether {@code node} and each of its parents are visible. */
    static boolean treeVisible(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInside(Node node, Node ancestor) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }
}
