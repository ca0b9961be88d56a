package dev.locus.core;

/**
 * A problem the user can act on: a bad file, a bad value, a missing piece. Its message is one clear line
 * that names the file or field and what is wrong; the CLI prints it as it is and exits non-zero, the GUI
 * shows it in a dialog. Programming errors stay ordinary runtime exceptions.
 */
public class LocusException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocusException(String message) {
        super(message);
    }

    public LocusException(String message, Throwable cause) {
        super(message, cause);
    }
}
