package dev.locus.ui;

/** Placeholder until the bundled paper comparison lands. */
final class PaperComparison {
    private PaperComparison() {
    }

    /** Runs the bundled FLU-vs-OT comparison in the background; its results fill the Results panel. */
    static void start(WorkbenchContext ctx) {
        ctx.message().accept("the paper comparison is not built yet");
    }
}
