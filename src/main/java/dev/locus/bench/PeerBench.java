package dev.locus.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs peer_bench.py (PyTorch eager, nanoGPT-style models of the same shapes; shipped in the jar) with a Python
 * that has torch, and reads its one JSON line into {@link Figures}. Debian: {@code apt-get install python3-torch
 * libopenblas0-openmp}, then {@code /usr/bin/python3}.
 */
public final class PeerBench {
    static final String RESOURCE = "/dev/locus/bench/peer_bench.py";

    private final String python;
    private final int runs;
    private final int warmup;

    public PeerBench(String python, int runs, int warmup) {
        this.python = python;
        this.runs = runs;
        this.warmup = warmup;
    }

    /** The Python to use when none is named: Debian's, where python3-torch installs, else the first on PATH. */
    public static String defaultPython() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Fails with what to install when this Python cannot import torch. */
    public void check() {
        Output out = exec(List.of(python, "-c", "import torch, numpy; print(torch.__version__)"), line -> { });
        if (out.code != 0) {
            throw new LocusException("--compare-peer: " + python + " cannot import torch and numpy ("
                    + lastLine(out.stderr) + "); on Debian: apt-get install python3-torch libopenblas0-openmp, "
                    + "or name another Python with --python");
        }
    }

    /** The peer's figures at {@code threads}; its progress lines go to {@code progress}. */
    public Result run(int threads, Consumer<String> progress) {
        Path script;
        try (InputStream in = PeerBench.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new LocusException("--compare-peer: this build has no " + RESOURCE);
            }
            script = Files.createTempFile("locus-peer-bench-", ".py");
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LocusException("--compare-peer: cannot write the peer script: " + e.getMessage(), e);
        }
        try {
            Output out = exec(List.of(python, script.toString(), "--threads", Integer.toString(threads), "--runs",
                    Integer.toString(runs), "--warmup", Integer.toString(warmup)), progress);
            if (out.code != 0) {
                throw new LocusException("--compare-peer: peer_bench.py exited with " + out.code + ": "
                        + lastLine(out.stderr));
            }
            return parse(lastLine(out.stdout), threads);
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    /** The peer's figures and its whole JSON report. */
    public record Result(Figures figures, JsonNode json) {
    }

    /** Reads peer_bench.py's JSON line (the "plain" attention variant, as Locus computes attention). */
    static Result parse(String json, int threads) {
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            JsonNode gpt2 = root.path("gpt2_small").path("plain");
            JsonNode llama = root.path("llama_small").path("plain");
            Figures f = new Figures(threads, number(root.path("matmul"), "torch_gflops_median"),
                    number(gpt2.path("forward"), "tokens_per_s_median"),
                    number(gpt2.path("fwd_bwd"), "tokens_per_s_median"),
                    number(llama.path("forward"), "tokens_per_s_median"),
                    number(llama.path("train_step_fwd_bwd_adamw"), "tokens_per_s_median"));
            return new Result(f, root);
        } catch (IOException e) {
            throw new LocusException("--compare-peer: peer_bench.py's output is not JSON: " + e.getMessage(), e);
        }
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new LocusException("--compare-peer: peer_bench.py's JSON has no number " + field);
        }
        return v.asDouble();
    }

    private record Output(int code, String stdout, String stderr) {
    }

    private static Output exec(List<String> command, Consumer<String> progress) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            p.getOutputStream().close();
            List<String> err = new ArrayList<>();
            Thread reader = new Thread(() -> {
                try (var r = p.errorReader(StandardCharsets.UTF_8)) {
                    r.lines().forEach(line -> {
                        err.add(line);
                        progress.accept(line);
                    });
                } catch (IOException e) {
                    // the process ended
                }
            }, "peer-bench-stderr");
            reader.start();
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            reader.join();
            return new Output(code, stdout, String.join("\n", err));
        } catch (IOException e) {
            return new Output(127, "", command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocusException("--compare-peer: interrupted");
        }
    }

    private static String lastLine(String text) {
        String t = text.strip();
        int i = t.lastIndexOf('\n');
        return i < 0 ? t : t.substring(i + 1);
    }
}
