package dev.locus.sweep.launch;

import dev.locus.core.LocusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short external command (sbatch, squeue, sacct, scancel) and reads what it printed. */
final class Processes {
    /** What a command printed, and its exit code. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }
    }

    private Processes() {
    }

    static Result run(List<String> command, int timeoutSeconds) {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new LocusException("cannot run " + command.get(0) + " (" + e.getMessage() + "); the " + command.get(0)
                    + " command must be on PATH where Locus runs", e);
        }
        try {
            p.getOutputStream().close();
            var out = drain(p.getInputStream());
            var err = drain(p.getErrorStream());
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new LocusException(String.join(" ", command) + ": no answer in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (IOException | java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new LocusException(command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new LocusException(command.get(0) + ": interrupted", e);
        }
    }

    private static java.util.concurrent.CompletableFuture<String> drain(java.io.InputStream in) {
        var text = new java.util.concurrent.CompletableFuture<String>();
        Thread reader = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "locus-process-output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }

    /** Whether a program is on PATH. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
