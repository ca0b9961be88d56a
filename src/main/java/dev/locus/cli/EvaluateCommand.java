package dev.locus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.data.Dataset;
import dev.locus.data.PromptFormat;
import dev.locus.eval.FormatScore;
import dev.locus.eval.FormatScorer;
import dev.locus.model.LocusModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code locus evaluate}: the paper's (continuous) accuracy and the argmax accuracy per prompt format. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a model on a dataset, per prompt format: accuracy as the paper's (the true attribute's "
                + "probability renormalized over the candidates' first tokens, averaged) and argmax accuracy (the share "
                + "of prompts whose true attribute is the most probable candidate).")
final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    DataOptions dataOptions;

    @Option(names = "--formats", split = ",", paramLabel = "standard,mcq,qa",
            description = "formats to score (default: every format of the dataset)")
    List<String> formats;

    @Option(names = "--json", description = "print one JSON object; 'accuracy' maps each format to its accuracy (the paper's), "
            + "'argmax_accuracy' to its argmax accuracy")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Dataset data = dataOptions.load();
        List<PromptFormat> chosen = new ArrayList<>();
        if (formats == null) {
            chosen.addAll(data.formats());
        } else {
            for (String f : formats) {
                chosen.add(data.format(f.trim()));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LocusModel model = modelOptions.load()) {
            for (PromptFormat f : chosen) {
                String note = dev.locus.data.ChatFormats.note(f, model.tokenizer());
                if (note != null) {
                    spec.commandLine().getErr().println("note: " + note);
                }
            }
            FormatScorer scorer = new FormatScorer(model);
            List<FormatScore> scores = new ArrayList<>();
            for (PromptFormat f : chosen) {
                scores.add(scorer.score(f, data.facts()));
            }
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                Map<String, Double> acc = new LinkedHashMap<>();
                Map<String, Double> argmax = new LinkedHashMap<>();
                Map<String, Integer> n = new LinkedHashMap<>();
                for (FormatScore s : scores) {
                    acc.put(s.format(), s.accuracy());
                    argmax.put(s.format(), s.argmaxAccuracy());
                    n.put(s.format(), s.prompts());
                }
                o.put("dataset", data.name());
                o.put("facts", data.facts().size());
                o.put("accuracy", acc);
                o.put("argmax_accuracy", argmax);
                o.put("prompts", n);
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
            } else {
                out.printf("%-14s %8s %10s %15s%n", "format", "prompts", "accuracy", "argmax accuracy");
                for (FormatScore s : scores) {
                    out.printf("%-14s %8d %10.3f %15.3f%n", s.format(), s.prompts(), s.accuracy(), s.argmaxAccuracy());
                }
            }
            out.flush();
        }
        return 0;
    }
}
