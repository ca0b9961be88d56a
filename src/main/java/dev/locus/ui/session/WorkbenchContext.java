package dev.locus.ui.session;

import dev.locus.ui.task.AppLog;
import dev.locus.ui.task.FileWork;
import dev.locus.ui.task.ModelThread;
import java.util.function.Consumer;
import javafx.stage.Window;

/**
 * What every panel is built with: the shared session, the model thread, the log, and the window's services.
 *
 * @param navigate shows the panel with this title
 * @param message shows a short message to the user (a notification in the window)
 * @param owner the main window, for dialogs; null in tests without a window
 */
public record WorkbenchContext(Session session, ModelThread thread, AppLog log, Consumer<String> navigate,
        Consumer<String> message, java.util.function.Supplier<Window> owner) {

    /** Reading and writing files off the JavaFX thread, with this context's messages. */
    public FileWork files() {
        return new FileWork(thread, message);
    }

    /** A context without a window, for view-model tests. */
    public static WorkbenchContext headless(Session session, ModelThread thread) {
        return new WorkbenchContext(session, thread, thread.log(), title -> { }, message -> { }, () -> null);
    }
}
