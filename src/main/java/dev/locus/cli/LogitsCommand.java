package dev.locus.cli;

import dev.locus.core.LocusException;
import dev.locus.model.LocusModel;
import dev.locus.model.io.NpyWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code locus logits}: the logits of one sequence, as a numpy file, for checks against other tools. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Write the float32 logits [positions, vocab] of one sequence to a numpy .npy file.")
final class LogitsCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", paramLabel = "TEXT", description = "text, tokenized by the model's tokenizer.json")
        String prompt;

        @Option(names = "--token-ids", split = ",", paramLabel = "1,2,3", description = "token ids, comma-separated")
        int[] tokenIds;
    }

    @Option(names = "--out", required = true, paramLabel = "FILE.npy", description = "where to write the logits")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (LocusModel model = modelOptions.load()) {
            int[] ids = input.prompt != null ? model.requireTokenizer().encode(input.prompt) : input.tokenIds;
            if (ids.length == 0) {
                throw new LocusException("--prompt: the text has no tokens");
            }
            float[] logits = model.logits(ids);
            int vocab = model.config().vocabSize();
            NpyWriter.writeFloat32(out, new long[] {ids.length, vocab}, logits);
            spec.commandLine().getOut().printf("wrote logits [%d, %d] to %s%n", ids.length, vocab, out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
