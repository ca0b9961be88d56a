package dev.locus.model.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The weights of a Hugging Face model folder: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. Use it to look tensors up by name without caring which shard holds them.
 * Files are opened read-only: Locus never modifies a user's model folder.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    private static final Pattern PICKLE = Pattern.compile("pytorch_model(-.+)?\\.bin|.+\\.(pt|pth|ckpt)");
    private static final long MAX_INDEX_BYTES = 100L << 20;

    private final Path folder;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> byTensor;

    private SafetensorsCheckpoint(Path folder, List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor) {
        this.folder = folder;
        this.files = List.copyOf(files);
        this.byTensor = Collections.unmodifiableMap(byTensor);
    }

    /** Opens the checkpoint in a model folder and validates every shard header; errors name the folder. */
    public static SafetensorsCheckpoint open(Path folder) {
        if (!Files.exists(folder)) {
            throw new LocusException(folder + ": folder not found");
        }
        if (!Files.isDirectory(folder)) {
            throw new LocusException(folder + ": is a file, not a model folder; pass the folder that holds config.json"
                    + " and " + SINGLE_FILE);
        }
        List<String> names = list(folder);
        List<SafetensorsFile> opened = new ArrayList<>();
        try {
            Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
            if (names.contains(SINGLE_FILE)) { // preferred over an index, as transformers does
                SafetensorsFile file = SafetensorsFile.open(folder.resolve(SINGLE_FILE));
                opened.add(file);
                file.tensors().keySet().forEach(t -> byTensor.put(t, file));
            } else if (names.contains(INDEX_FILE)) {
                openShards(folder, opened, byTensor);
            } else {
                throw noCheckpoint(folder, names);
            }
            if (byTensor.isEmpty()) {
                throw new LocusException(folder + ": the checkpoint holds no tensors");
            }
            return new SafetensorsCheckpoint(folder, opened, byTensor);
        } catch (RuntimeException | Error e) {
            opened.forEach(f -> closeQuietly(f, e));
            throw e;
        }
    }

    private static List<String> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")) // .DS_Store, .gitattributes, editor files: not content
                    .sorted().toList();
        } catch (IOException e) {
            throw new LocusException(folder + ": cannot list the folder: " + Messages.reason(e), e);
        }
    }

    private static LocusException noCheckpoint(Path folder, List<String> names) {
        if (names.isEmpty()) {
            return new LocusException(folder + ": empty folder: expected config.json and " + SINGLE_FILE);
        }
        List<String> safetensors = names.stream().filter(n -> n.endsWith(".safetensors")).toList();
        if (!safetensors.isEmpty()) {
            return new LocusException(folder + ": has " + few(safetensors) + " but no " + SINGLE_FILE + " or "
                    + INDEX_FILE + "; Locus expects the Hugging Face file names");
        }
        List<String> pickles = names.stream().filter(n -> PICKLE.matcher(n).matches()).toList();
        if (!pickles.isEmpty()) {
            return new LocusException(folder + ": only pickle checkpoints (" + few(pickles) + "); Locus does not load"
                    + " them because unpickling runs arbitrary code. Convert to safetensors (e.g. with Python's"
                    + " safetensors.torch.save_file) and try again");
        }
        return new LocusException(folder + ": no safetensors checkpoint: expected " + SINGLE_FILE + " or " + INDEX_FILE
                + " (found " + few(names) + ")");
    }

    private static String few(List<String> names) {
        String shown = names.stream().limit(3).collect(Collectors.joining(", "));
        return names.size() > 3 ? shown + " and " + (names.size() - 3) + " more" : shown;
    }

    private static void openShards(Path folder, List<SafetensorsFile> opened, Map<String, SafetensorsFile> byTensor) {
        JsonNode weightMap = readIndex(folder).get("weight_map");
        if (weightMap == null || !weightMap.isObject()) {
            throw new LocusException(folder + ": " + INDEX_FILE + " has no weight_map object");
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
            String tensor = e.getKey();
            if (!e.getValue().isTextual()) {
                throw new LocusException(folder + ": " + INDEX_FILE + ": weight_map entry " + Messages.quote(tensor)
                        + " must be a shard file name");
            }
            String shardName = e.getValue().textValue();
            SafetensorsFile shard = shards.get(shardName);
            if (shard == null) {
                Path path = resolveShard(folder, shardName);
                if (!Files.isRegularFile(path)) {
                    throw new LocusException(folder + ": shard " + Messages.clip(shardName, 200) + " named in "
                            + INDEX_FILE + " is missing");
                }
                shard = SafetensorsFile.open(path);
                opened.add(shard);
                shards.put(shardName, shard);
            }
            if (!shard.contains(tensor)) {
                throw new LocusException(folder + ": tensor " + Messages.quote(tensor) + " is mapped to "
                        + Messages.clip(shardName, 200) + " in " + INDEX_FILE + " but that shard does not contain it");
            }
            byTensor.put(tensor, shard);
        }
    }

    private static JsonNode readIndex(Path folder) {
        Path index = folder.resolve(INDEX_FILE);
        try {
            if (Files.size(index) > MAX_INDEX_BYTES) {
                throw new LocusException(folder + ": " + INDEX_FILE + " is larger than " + MAX_INDEX_BYTES
                        + " bytes; it is not a real index");
            }
            JsonNode root = SafetensorsFile.JSON.readTree(Files.readAllBytes(index));
            if (root == null || !root.isObject()) {
                throw new LocusException(folder + ": " + INDEX_FILE + " is not a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new LocusException(folder + ": " + INDEX_FILE + " is not valid JSON: "
                    + Messages.firstLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new LocusException(folder + ": cannot read " + INDEX_FILE + ": " + Messages.reason(e), e);
        }
    }

    /**
     * The shard's path inside the folder. Checked by name only, not by following links: Hugging Face cache folders
     * are links into a blob store, which is legitimate; an index that names "../x" or "/x" is not.
     */
    private static Path resolveShard(Path folder, String shardName) {
        String problem = null;
        Path relative = null;
        try {
            relative = folder.getFileSystem().getPath(shardName);
        } catch (InvalidPathException e) {
            problem = "is not a valid file name";
        }
        if (problem == null && (shardName.isBlank() || relative.isAbsolute() || relative.getRoot() != null)) {
            problem = shardName.isBlank() ? "is empty" : "is an absolute path";
        }
        if (problem == null) {
            for (Path part : relative) {
                if (part.toString().equals("..")) {
                    problem = "leads out of the model folder";
                }
            }
        }
        if (problem == null && !folder.resolve(relative).normalize().startsWith(folder.normalize())) {
            problem = "leads out of the model folder";
        }
        if (problem != null) {
            throw new LocusException(folder + ": shard " + Messages.quote(shardName) + " named in " + INDEX_FILE
                    + " " + problem + "; refusing to read it");
        }
        return folder.resolve(relative);
    }

    /** The model folder this was opened from. */
    public Path folder() {
        return folder;
    }

    /** The safetensors files in use: one, or the shards in index order. */
    public List<Path> files() {
        return files.stream().map(SafetensorsFile::path).toList();
    }

    /** All tensor names, in header order (single file) or index order (shards). */
    public Set<String> names() {
        return byTensor.keySet();
    }

    public boolean contains(String name) {
        return byTensor.containsKey(name);
    }

    /** The header entry of a tensor; LocusException naming the folder if there is none. */
    public TensorInfo info(String name) {
        return fileOf(name).info(name);
    }

    /** See {@link SafetensorsFile#readFloat32}. */
    public ByteBuffer readFloat32(String name) {
        return fileOf(name).readFloat32(name);
    }

    /** See {@link SafetensorsFile#readFloat32Rows}. */
    public ByteBuffer readFloat32Rows(String name, long firstRow, long rowCount) {
        return fileOf(name).readFloat32Rows(name, firstRow, rowCount);
    }

    /** See {@link SafetensorsFile#readFloat32Rows(String, long, long, ByteBuffer)}. */
    public ByteBuffer readFloat32Rows(String name, long firstRow, long rowCount, ByteBuffer into) {
        return fileOf(name).readFloat32Rows(name, firstRow, rowCount, into);
    }

    /** Total number of elements over all tensors. */
    public long parameterCount() {
        return byTensor.keySet().stream().mapToLong(n -> info(n).elementCount()).reduce(0, Math::addExact);
    }

    /** The type holding the most parameters, as the model's "precision" for `info` output. */
    public DType dominantDtype() {
        Map<DType, Long> counts = new EnumMap<>(DType.class);
        for (String n : byTensor.keySet()) {
            TensorInfo info = info(n);
            counts.merge(info.dtype(), info.elementCount(), Long::sum);
        }
        DType best = null;
        for (Map.Entry<DType, Long> e : counts.entrySet()) { // enum order, and '>' keeps the first on a tie
            if (best == null || e.getValue() > counts.get(best)) {
                best = e.getKey();
            }
        }
        return best;
    }

    private SafetensorsFile fileOf(String name) {
        SafetensorsFile file = byTensor.get(name);
        if (file == null) {
            throw new LocusException(folder + ": no tensor " + Messages.quote(name) + " in this checkpoint");
        }
        return file;
    }

    /** Closes every file; safe to call twice. */
    @Override
    public void close() {
        LocusException failure = null;
        for (SafetensorsFile f : files) {
            try {
                f.close();
            } catch (LocusException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(SafetensorsFile file, Throwable failure) {
        try {
            file.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "SafetensorsCheckpoint[" + folder + ", " + byTensor.size() + " tensors in " + files.size() + " files]";
    }
}
