package dev.locus.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.core.LocusException;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.io.AtomicFiles;
import dev.locus.model.io.DType;
import dev.locus.model.io.SafetensorsWriter;
import dev.locus.model.io.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A random checkpoint of a model shape in Hugging Face layout: config.json, {@code model-0000N-of-0000M.safetensors}
 * shards with {@code model.safetensors.index.json} (or one {@code model.safetensors}), and a tokenizer.json when one
 * is given. Tensors are made one at a time as they are written (the largest one in float32 is the peak), from a seed:
 * matrices N(0, 0.02), norm weights 1 (0 where the norm multiplies by 1 + w), biases 0. BF16 and F16 are converted
 * in Java, never by the engine.
 */
public final class ShapeCheckpoint {
    private ShapeCheckpoint() {
    }

    /** Writes {@code shape} into {@code out} (created; its files replaced) and returns the bytes of the weights. */
    public static long write(ModelShape shape, String configText, DType dtype, int shards, long seed, Path tokenizer,
                             Path out) {
        if (dtype != DType.F32 && dtype != DType.BF16 && dtype != DType.F16) {
            throw new LocusException("--dtype " + dtype + ": expected f32, bf16 or f16");
        }
        if (shards < 1) {
            throw new LocusException("--shards " + shards + ": must be at least 1");
        }
        Map<String, long[]> tensors = new LinkedHashMap<>();
        for (ParamSpec spec : shape.specs()) {
            spec.sources().forEach(s -> tensors.putIfAbsent(s.tensor(), s.shape()));
        }
        long total = tensors.values().stream().mapToLong(s -> elements(s) * dtype.size()).sum();
        List<Map<String, long[]>> parts = split(tensors, dtype, shards, total);
        try {
            Files.createDirectories(out);
            AtomicFiles.writeString(out.resolve("config.json"), withDtype(configText, dtype));
            if (tokenizer != null) {
                Files.copy(tokenizer, out.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LocusException(out + ": cannot write: " + e.getMessage(), e);
        }
        boolean plusOne = shape.config().normPlusOne();
        List<String> names = new ArrayList<>(tensors.keySet());
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (int p = 0; p < parts.size(); p++) {
            String file = parts.size() == 1 ? "model.safetensors"
                    : String.format("model-%05d-of-%05d.safetensors", p + 1, parts.size());
            Map<String, SafetensorsWriter.Deferred> deferred = new LinkedHashMap<>();
            parts.get(p).forEach((name, dims) -> {
                long tensorSeed = seed * 1_000_003L + names.indexOf(name);
                deferred.put(name, new SafetensorsWriter.Deferred(dtype, dims,
                        () -> values(name, dims, dtype, tensorSeed, plusOne)));
                weightMap.put(name, file);
            });
            SafetensorsWriter.writeDeferred(out.resolve(file), deferred, Map.of("format", "pt"));
        }
        if (parts.size() > 1) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode index = m.createObjectNode();
            index.putObject("metadata").put("total_size", total);
            ObjectNode map = index.putObject("weight_map");
            weightMap.forEach(map::put);
            try {
                AtomicFiles.writeString(out.resolve("model.safetensors.index.json"),
                        m.writerWithDefaultPrettyPrinter().writeValueAsString(index));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return total;
    }

    /** Consecutive tensors into {@code shards} files of about equal bytes. */
    private static List<Map<String, long[]>> split(Map<String, long[]> tensors, DType dtype, int shards, long total) {
        List<Map<String, long[]>> parts = new ArrayList<>();
        Map<String, long[]> current = new LinkedHashMap<>();
        long written = 0;
        for (Map.Entry<String, long[]> e : tensors.entrySet()) {
            current.put(e.getKey(), e.getValue());
            written += elements(e.getValue()) * dtype.size();
            if (parts.size() < shards - 1 && written >= total * (parts.size() + 1) / shards) {
                parts.add(current);
                current = new LinkedHashMap<>();
            }
        }
        if (!current.isEmpty() || parts.isEmpty()) {
            parts.add(current);
        }
        return parts;
    }

    private static TensorData values(String name, long[] dims, DType dtype, long seed, boolean plusOne) {
        float[] v = new float[Math.toIntExact(elements(dims))];
        if (name.endsWith(".bias")) {
            return TensorData.of(dtype, dims, v);
        }
        if (dims.length == 1) {
            Arrays.fill(v, plusOne ? 0f : 1f);
            return TensorData.of(dtype, dims, v);
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.02);
        }
        return TensorData.of(dtype, dims, v);
    }

    private static long elements(long[] dims) {
        return Arrays.stream(dims).reduce(1, Math::multiplyExact);
    }

    /** The config's text with {@code torch_dtype} set to what the shards hold. */
    private static String withDtype(String configText, DType dtype) {
        try {
            ObjectMapper m = new ObjectMapper();
            ObjectNode root = (ObjectNode) m.readTree(configText);
            root.put("torch_dtype", dtype == DType.BF16 ? "bfloat16" : dtype == DType.F16 ? "float16" : "float32");
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException | ClassCastException e) {
            throw new LocusException("the shape's config.json is not a JSON object: " + e.getMessage(), e);
        }
    }
}
