package dev.locus.model;

import ai.djl.Device;

/**
 * The device tests that can run on either put their model on: {@code -Dlocus.device=cpu|gpu|auto} (default cpu), so
 * that scripts/gpu-check.sh runs the same reference tests on a GPU.
 */
public final class TestDevices {
    private TestDevices() {
    }

    public static Device chosen() {
        return Engines.device(System.getProperty("locus.device", "cpu"));
    }
}
