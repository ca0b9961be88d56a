package dev.locus.model.io;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file Locus writes goes through {@link AtomicFiles}: a process killed with SIGKILL in the middle of writing
 * leaves the old file or the new one, never half of one. A child JVM rewrites a 4 MB file in a loop; it is killed
 * at random moments and the file is checked whole each time.
 */
class KilledWriterTest {
    static final int SIZE = 4 << 20;

    @TempDir
    Path dir;

    /** The child: rewrites args[0] forever, alternating two contents, each ending with its round number. */
    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        for (long round = 0; ; round++) {
            char c = round % 2 == 0 ? 'A' : 'B';
            String text = String.valueOf(c).repeat(SIZE) + "\nround " + round + "\n";
            AtomicFiles.writeString(target, text);
        }
    }

    @Test
    void aKilledWriterLeavesTheOldFileOrTheNewOneNeverHalf() throws Exception {
        Path target = dir.resolve("metrics.csv");
        Random random = new Random(8);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int kill = 0; kill < 8; kill++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    KilledWriterTest.class.getName(), target.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(target) && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            Thread.sleep(50 + random.nextInt(400)); // mid-write most of the time: one write takes tens of ms
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            String text = Files.readString(target);
            assertTrue(text.length() > SIZE && text.endsWith("\n"), "whole: " + text.length() + " chars");
            String suffix = text.substring(SIZE);
            assertTrue(suffix.startsWith("\nround "), "ends with its round: " + suffix.substring(0, Math.min(20, suffix.length())));
            long round = Long.parseLong(suffix.substring("\nround ".length()).strip());
            char c = text.charAt(0);
            assertEquals(round % 2 == 0 ? 'A' : 'B', c, "the content matches its round");
            assertEquals(String.valueOf(c).repeat(SIZE), text.substring(0, SIZE), "no mixed or missing bytes");
        }
    }
}
