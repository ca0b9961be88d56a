package dev.locus.model.io;

import dev.locus.core.LocusException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The SHA-256 of what makes a model folder the model it is: its {@code config.json}, tokenizer files and
 * {@code *.safetensors}, in name order, each as its name and then its bytes. A run records it, so that a finished run
 * can be checked against the weights it claims (the bundled comparison's shipped run is, by a test). Reading the
 * weights once costs about a second per GB, little beside any run on a model that size.
 */
public final class FolderDigest {
    private FolderDigest() {
    }

    /** The digest, in hex; a folder that is not a model folder hashes what it has of these files. */
    public static String of(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> parts = files.filter(Files::isRegularFile).filter(FolderDigest::definesModel).sorted().toList();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 20];
            for (Path p : parts) {
                sha.update(p.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(p)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        sha.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new LocusException(folder + ": cannot read to fingerprint the model (" + e.getMessage() + ")", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static boolean definesModel(Path p) {
        String name = p.getFileName().toString();
        return name.equals("config.json") || name.endsWith(".safetensors") || name.startsWith("tokenizer")
                || name.equals("vocab.json") || name.equals("merges.txt");
    }
}
