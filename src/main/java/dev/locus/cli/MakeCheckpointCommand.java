package dev.locus.cli;

import dev.locus.core.LocusException;
import dev.locus.model.Bundled;
import dev.locus.model.io.DType;
import dev.locus.plan.ModelShape;
import dev.locus.plan.ShapeCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locus make-checkpoint --shape llama-3.2-1b --dtype bf16 --shards 2 --out DIR}: random weights to measure with. */
@Command(name = "make-checkpoint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a random checkpoint of a published model shape (or a config.json) in Hugging Face layout: "
                + "config.json, safetensors shards with their index, and the bundled Sports World tokenizer.json (its "
                + "ids fit every shape's vocabulary), so that Locus's prompts encode.",
                "For measuring memory and time on a real model's size; the weights are random (seeded), so it knows no"
                + " facts. Tensors are made and written one at a time."})
final class MakeCheckpointCommand implements Callable<Integer> {
    @Option(names = "--shape", required = true, paramLabel = "NAME|FILE",
            description = "llama-3.2-1b, gemma-2-2b, gemma-7b, llama-3-8b, gemma-2-9b, or a config.json file")
    String shape;

    @Option(names = "--dtype", defaultValue = "bf16", paramLabel = "bf16|f16|f32",
            description = "the shards' type (default: ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--shards", defaultValue = "2", paramLabel = "N", description = "files (default: ${DEFAULT-VALUE})")
    int shards;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write (created)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DType type = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "bf16", "bfloat16" -> DType.BF16;
            case "f16", "float16" -> DType.F16;
            case "f32", "float32" -> DType.F32;
            default -> throw new LocusException("--dtype " + dtype + ": expected bf16, f16 or f32");
        };
        ModelShape s = ModelShape.of(shape);
        String text;
        try {
            text = ModelShape.NAMES.contains(shape) ? ModelShape.text(shape) : Files.readString(Path.of(shape));
        } catch (java.io.IOException e) {
            throw new LocusException(shape + ": cannot read: " + e.getMessage(), e);
        }
        long start = System.nanoTime();
        long bytes = ShapeCheckpoint.write(s, text, type, shards, seed, Bundled.sportsWorld().resolve("tokenizer.json"),
                out);
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %s, %,d parameters, %s in %s, %d shard%s, in %.0f s%n",
                out, s.config().architecture(), s.parameters(), dev.locus.model.MemoryBudget.size(bytes),
                type.name().toLowerCase(Locale.ROOT), shards, shards == 1 ? "" : "s", (System.nanoTime() - start) / 1e9);
        return 0;
    }
}
