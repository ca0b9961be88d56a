package dev.locus.reference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs python3 for interop checks (numpy, safetensors), when the machine has it. */
public final class Python {
    /** Exit code when python3 itself is missing. */
    public static final int MISSING = 127;
    /** Exit code when the script ran past its minute. */
    public static final int TIMED_OUT = 124;

    /** The exit code and the merged stdout and stderr. */
    public record Result(int exitCode, String output) {
    }

    private Python() {
    }

    /** Runs {@code python3 -c script} with arguments (paths go as argv, never pasted into code), output merged. */
    public static Result run(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(TIMED_OUT, "python3 did not finish");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Result(MISSING, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether python3 can import the module; used to skip interop tests on machines without it. */
    public static boolean has(String module) {
        return run("import " + module).exitCode() == 0;
    }
}
