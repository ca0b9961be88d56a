package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.hooks.Hooks;
import dev.locus.train.AdamW;
import dev.locus.train.GradientClipping;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchingAndMemoryTest {
    private static final List<int[]> SEQUENCES = List.of(new int[] {3, 1, 4, 1, 5, 9, 2}, new int[] {7, 7},
            new int[] {2, 6, 5, 3});

    @Test
    void paddedBatchesGiveTheSameLogitsAsSingleSequences() {
        for (ModelConfig config : List.of(TinyModels.llama(), TinyModels.gpt2(), TinyModels.gemma2())) {
            try (Transformer model = TinyModels.random(config, 8, DataType.FLOAT64);
                 NDManager scope = NDManager.newBaseManager()) {
                for (TokenBatch.Padding side : TokenBatch.Padding.values()) {
                    TokenBatch batch = TokenBatch.of(SEQUENCES, side, 0);
                    NDArray all = model.forward(scope, batch, Hooks.none());         // [3, 7, vocab]
                    NDArray last = model.forwardLast(scope, batch, Hooks.none());    // [3, vocab]
                    for (int b = 0; b < SEQUENCES.size(); b++) {
                        NDArray alone = model.forward(scope, TokenBatch.of(SEQUENCES.get(b)), Hooks.none());
                        for (int i = 0; i < SEQUENCES.get(b).length; i++) {
                            assertArrayEquals(alone.get(new NDIndex("0, {}", i)).toDoubleArray(),
                                    all.get(new NDIndex("{}, {}", b, batch.column(b, i))).toDoubleArray(), 1e-9,
                                    config.architecture() + " " + side + " sequence " + b + " token " + i);
                        }
                        assertArrayEquals(alone.get(new NDIndex("0, -1")).toDoubleArray(),
                                last.get(new NDIndex("{}", b)).toDoubleArray(), 1e-9, "forwardLast " + side);
                    }
                }
            }
        }
    }

    @Test
    void packedDocumentsAreComputedAsIfAlone() {
        int[] first = SEQUENCES.get(0);
        int[] second = SEQUENCES.get(2);
        int[] row = new int[first.length + second.length];
        int[] segments = new int[row.length];
        System.arraycopy(first, 0, row, 0, first.length);
        System.arraycopy(second, 0, row, first.length, second.length);
        java.util.Arrays.fill(segments, first.length, row.length, 1);
        for (ModelConfig config : List.of(TinyModels.llama(), TinyModels.gpt2(), TinyModels.gemma2())) {
            try (Transformer model = TinyModels.random(config, 8, DataType.FLOAT64);
                 NDManager scope = NDManager.newBaseManager()) {
                NDArray packed = model.forward(scope, TokenBatch.packed(List.of(row), List.of(segments)), Hooks.none());
                NDArray alone = model.forward(scope, TokenBatch.of(second), Hooks.none());
                for (int i = 0; i < second.length; i++) {
                    assertArrayEquals(alone.get(new NDIndex("0, {}", i)).toDoubleArray(),
                            packed.get(new NDIndex("0, {}", first.length + i)).toDoubleArray(), 1e-9,
                            config.architecture() + " token " + i);
                }
            }
        }
    }

    @Test
    void hundredsOfTrainingStepsLeaveLiveArraysFlat() {
        try (Transformer model = TinyModels.random(TinyModels.llama(), 3, DataType.FLOAT32);
             AdamW adam = AdamW.standard(model.weights().manager(), 0.01)) {
            List<NDArray> params = new ArrayList<>();
            for (String name : model.weights().names()) {
                model.weights().get(name).setRequiresGradient(true);
                params.add(model.weights().get(name));
            }
            TokenBatch batch = TokenBatch.of(SEQUENCES, TokenBatch.Padding.LEFT, 0);
            int baseline = -1;
            for (int step = 0; step < 300; step++) {
                try (NDManager scope = model.weights().manager().newSubManager();
                     GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = model.forward(scope, batch, Hooks.none()).logSoftmax(2).mean().neg();
                    gc.backward(loss);
                }
                GradientClipping.clip(params, 1.0);
                adam.step(params, 1e-3);
                if (step == 10) {
                    baseline = TinyModels.liveArrays();
                }
            }
            assertEquals(baseline, TinyModels.liveArrays(), "live native arrays after 300 steps (forward, backward, clip, AdamW)");
        }
    }
}
