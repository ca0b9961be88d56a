package dev.locus.ui.session;

import javafx.scene.Node;

/**
 * What every panel has: the workbench's context, its view model, and its view, built once on first use (on the
 * JavaFX thread). A panel adds its title, purpose, menus and {@link #build}.
 *
 * @param <M> the panel's view model
 */
public abstract class ViewPanel<M> implements Panel {
    protected final WorkbenchContext ctx;
    protected final M vm;
    private Node view;

    protected ViewPanel(WorkbenchContext ctx, M vm) {
        this.ctx = ctx;
        this.vm = vm;
    }

    /** The panel's view model (tests drive it as the view does). */
    public M viewModel() {
        return vm;
    }

    @Override
    public final Node view() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    /** Builds the view; called once. */
    protected abstract Node build();
}
