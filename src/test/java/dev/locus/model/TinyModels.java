package dev.locus.model;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.locus.model.config.ModelConfig;

/** Small random models of each architecture, built in memory, for tests of the forward pass and hooks. */
public final class TinyModels {
    private TinyModels() {
    }

    public static ModelConfig llama() {
        return ModelConfig.builder().architecture("LlamaForCausalLM").nLayers(2).dModel(16).nHeads(4).nKvHeads(2)
                .dMlp(24).vocabSize(20).maxPositions(64).build();
    }

    public static ModelConfig gpt2() {
        return ModelConfig.builder().architecture("GPT2LMHeadModel").nLayers(2).dModel(16).nHeads(4).dMlp(32)
                .vocabSize(20).maxPositions(64).norm(ModelConfig.NormKind.LAYER_NORM)
                .positional(ModelConfig.Positional.LEARNED).gatedMlp(false)
                .activation(ModelConfig.Activation.GELU_TANH).tiedEmbeddings(true).attnBias(true).mlpBias(true).build();
    }

    public static ModelConfig gemma2() {
        return ModelConfig.builder().architecture("Gemma2ForCausalLM").nLayers(2).dModel(16).nHeads(4).nKvHeads(2)
                .dHead(8).dMlp(24).vocabSize(20).maxPositions(64).normPlusOne(true).scaleEmbeddings(true)
                .activation(ModelConfig.Activation.GELU_TANH).tiedEmbeddings(true).attnScale(0.3).attnSoftcap(5)
                .finalSoftcap(3).slidingWindow(3).sandwichNorms(true).build();
    }

    /** A random model in {@code type} with lively weights (std 0.3). */
    public static Transformer random(ModelConfig config, long seed, DataType type) {
        return new Transformer(config, RandomInit.weights(config, RandomInit.specs(config), seed, Device.cpu(), type, 0.3));
    }

    /** Arrays alive in every DJL manager, for leak checks. */
    public static int liveArrays() {
        return Engines.liveArrays();
    }
}
