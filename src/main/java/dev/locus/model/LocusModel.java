package dev.locus.model;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.locus.core.JsonObject;
import dev.locus.core.LocusException;
import dev.locus.model.arch.ArchitectureAdapter;
import dev.locus.model.arch.Architectures;
import dev.locus.model.component.ComponentCatalog;
import dev.locus.model.config.ConfigJson;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.config.ParamSpec;
import dev.locus.model.hooks.Hooks;
import dev.locus.model.io.DType;
import dev.locus.model.io.SafetensorsCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A model loaded from a Hugging Face folder ({@code config.json}, safetensors weights, {@code tokenizer.json}):
 * its config, its transformer, its components and its tokenizer. The folder is only ever read.
 */
public final class LocusModel implements AutoCloseable {
    private final Path folder;
    private final ModelConfig config;
    private final Transformer transformer;
    private final TextTokenizer tokenizer;
    private final ComponentCatalog components;
    private final DType checkpointDtype;
    private final Device device;
    private final boolean ownsTokenizer;

    private LocusModel(Path folder, ModelConfig config, Transformer transformer, TextTokenizer tokenizer,
                       ComponentCatalog components, DType checkpointDtype, Device device) {
        this(folder, config, transformer, tokenizer, components, checkpointDtype, device, true);
    }

    private LocusModel(Path folder, ModelConfig config, Transformer transformer, TextTokenizer tokenizer,
                       ComponentCatalog components, DType checkpointDtype, Device device, boolean ownsTokenizer) {
        this.ownsTokenizer = ownsTokenizer;
        this.folder = folder;
        this.config = config;
        this.transformer = transformer;
        this.tokenizer = tokenizer;
        this.components = components;
        this.checkpointDtype = checkpointDtype;
        this.device = device;
    }

    /** Loads {@code folder} in float32 onto {@code device}. */
    public static LocusModel load(Path folder, Device device) {
        return load(folder, device, DataType.FLOAT32);
    }

    /** Loads {@code folder} in float32 onto {@code device}, first checking that it and a training step on work fit. */
    public static LocusModel load(Path folder, Device device, MemoryBudget.Workload work) {
        return load(folder, device, DataType.FLOAT32, work);
    }

    /** Loads {@code folder} onto {@code device}, computing in {@code dataType} (float32 or float64). */
    public static LocusModel load(Path folder, Device device, DataType dataType) {
        return load(folder, device, dataType, null);
    }

    /** Loads {@code folder} onto {@code device} with its weights in {@code type} (see {@link ComputeType}). */
    public static LocusModel load(Path folder, Device device, ComputeType type) {
        return load(folder, device, type.dataType(), null);
    }

    /** As {@link #load(Path, Device, ComputeType)}, first checking that it and a training step on {@code work} fit. */
    public static LocusModel load(Path folder, Device device, ComputeType type, MemoryBudget.Workload work) {
        return load(folder, device, type.dataType(), work);
    }

    /**
     * Loads {@code folder} as above, first checking that its weights and the activations of a training step on
     * {@code work} (null: weights only) fit in the device's free memory.
     */
    public static LocusModel load(Path folder, Device device, DataType dataType, MemoryBudget.Workload work) {
        Engines.start();
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(folder)) {
            JsonObject json = ConfigJson.read(folder.resolve("config.json"));
            ArchitectureAdapter adapter = Architectures.of(json);
            ModelConfig config = config(adapter, json);
            List<ParamSpec> specs = adapter.params(config, ckpt::contains);
            checkPresent(ckpt, specs, config);
            MemoryBudget.checkFits(folder, config, ckpt.parameterCount(), dataType, device, work);
            Path tokFile = folder.resolve("tokenizer.json");
            TextTokenizer tokenizer = Files.exists(tokFile) ? TextTokenizer.load(tokFile) : null;
            try {
                ModelWeights weights = CheckpointLoader.load(ckpt, specs, device, dataType);
                return new LocusModel(folder, config, new Transformer(config, weights), tokenizer,
                        new ComponentCatalog(config, specs), ckpt.dominantDtype(), device);
            } catch (RuntimeException e) {
                if (tokenizer != null) {
                    tokenizer.close();
                }
                throw e;
            }
        }
    }

    /** Wraps a model made in memory (random weights, the demo trainer); it has no folder. */
    public static LocusModel of(ModelConfig config, ModelWeights weights, List<ParamSpec> specs,
                                TextTokenizer tokenizer, Device device) {
        return new LocusModel(null, config, new Transformer(config, weights), tokenizer,
                new ComponentCatalog(config, specs), DType.F32, device);
    }

    private static ModelConfig config(ArchitectureAdapter adapter, JsonObject json) {
        try {
            return adapter.config(json);
        } catch (IllegalArgumentException e) {
            throw json.error(e.getMessage());
        }
    }

    private static void checkPresent(SafetensorsCheckpoint ckpt, List<ParamSpec> specs, ModelConfig config) {
        List<String> missing = new ArrayList<>();
        for (ParamSpec spec : specs) {
            for (ParamSpec.Source s : spec.sources()) {
                if (!ckpt.contains(s.tensor())) {
                    missing.add(s.tensor());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new LocusException(ckpt.folder().getFileName() + ": missing tensor '" + missing.get(0) + "'"
                    + (missing.size() > 1 ? " and " + (missing.size() - 1) + " more" : "") + " that "
                    + config.architecture() + " with " + config.nLayers() + " layers needs");
        }
    }

    /**
     * Float32 logits of one sequence, [positions x vocab] flattened row by row; for callers outside the
     * tensor packages (the CLI, exports). Checks the ids against the vocabulary and the context length.
     */
    public float[] logits(int... tokens) {
        if (tokens.length == 0) {
            throw new LocusException("no tokens to run");
        }
        for (int id : tokens) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new LocusException("token id " + id + " is outside the vocabulary [0, " + config.vocabSize() + ")");
            }
        }
        if (tokens.length > config.maxPositions()) {
            throw new LocusException(tokens.length + " tokens is longer than the model's " + config.maxPositions()
                    + " positions");
        }
        try (NDManager scope = NDManager.newBaseManager(device)) {
            return transformer.forward(scope, TokenBatch.of(tokens), Hooks.none())
                    .toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();   // [1, pos, vocab]
        }
    }

    /**
     * This model with other weights (an edited copy, a per-step view), sharing the config, tokenizer and components.
     * Closing it closes only {@code weights}; this model stays open and unchanged.
     */
    public LocusModel withWeights(ModelWeights weights) {
        return new LocusModel(folder, config, new Transformer(config, weights), tokenizer, components, checkpointDtype,
                device, false);
    }

    /** As {@link #withWeights(ModelWeights)}, with {@code path} beside every linear layer (LoRA's adapters). */
    public LocusModel withWeights(ModelWeights weights, Transformer.LinearPath path) {
        return new LocusModel(folder, config, new Transformer(config, weights, path), tokenizer, components,
                checkpointDtype, device, false);
    }

    /**
     * This model with {@code prompt}'s virtual tokens in every sequence (the soft-prompt attack's view); same weights,
     * which closing the view leaves open. The caller owns the prompt's arrays.
     */
    public LocusModel withSoftPrompt(SoftPrompt prompt) {
        return new LocusModel(folder, config, transformer.withSoftPrompt(prompt), tokenizer, components, checkpointDtype,
                device, false);
    }

    public Path folder() {
        return folder;
    }

    public ModelConfig config() {
        return config;
    }

    public Transformer transformer() {
        return transformer;
    }

    /** The tokenizer, or null when the folder has no {@code tokenizer.json}. */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** The tokenizer; an error naming the folder when there is none. */
    public TextTokenizer requireTokenizer() {
        if (tokenizer == null) {
            throw new LocusException(folder + ": no tokenizer.json, so text cannot be tokenized (give token ids)");
        }
        return tokenizer;
    }

    public ComponentCatalog components() {
        return components;
    }

    /** The dtype that holds most of the checkpoint's parameters (the model computes in {@link #computeType()}). */
    public DType checkpointDtype() {
        return checkpointDtype;
    }

    /** The type the model computes in, e.g. {@code float32}. */
    public String computeType() {
        return transformer.weights().dataType().toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** The device in words: {@code cpu} or {@code gpu(0)}. */
    public String deviceName() {
        return device.isGpu() ? "gpu(" + device.getDeviceId() + ")" : "cpu";
    }

    public Device device() {
        return device;
    }

    @Override
    public void close() {
        transformer.close();
        if (tokenizer != null && ownsTokenizer) {
            tokenizer.close();
        }
    }
}
