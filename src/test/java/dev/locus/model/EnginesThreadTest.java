package dev.locus.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every thread that starts the engine trains as the first one does: libtorch's grad mode is off there too. */
class EnginesThreadTest {
    @Test
    void aLaterThreadStartsWithGradModeOff() throws Exception {
        Engines.start();
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread later = new Thread(() -> {
            try {
                Engines.start();
                seen.set(JniUtils.isGradMode());
            } catch (Throwable t) {
                seen.set(t);
            }
        }, "later-model-thread");
        later.start();
        later.join(30_000);
        assertEquals(Boolean.FALSE, seen.get(), "grad mode on a thread other than the engine's first");
    }
}
