package dev.locus.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.data.Dataset;
import dev.locus.data.EditTargets;
import dev.locus.data.Fact;
import dev.locus.data.files.QuestionsCsv;
import dev.locus.data.files.SportsFactsCsv;
import dev.locus.data.world.Athlete;
import dev.locus.eval.FormatScorer;
import dev.locus.eval.GeneralCapability;
import dev.locus.model.CheckpointWriter;
import dev.locus.model.LocusModel;
import dev.locus.model.config.ModelConfig;
import dev.locus.model.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The measurements of a trained demo model (accuracy per format, mechanism evidence), and its folder. */
public final class DemoReport {
    public static final String SPORTS_CSV = "sports.csv";
    public static final String QUESTIONS_CSV = "general-questions.csv";
    public static final String TEXT_FILE = "general-text.txt";

    private final Map<String, Object> values = new LinkedHashMap<>();

    private DemoReport() {
    }

    public Map<String, Object> values() {
        return values;
    }

    /** Measures the mechanism of {@code trained} (probes, ablations) and prints each figure as it comes. */
    public static DemoReport measure(DemoRecipe recipe, DemoTrainer.Trained trained, PrintWriter out) {
        DemoReport r = new DemoReport();
        DemoEvaluation eval = new DemoEvaluation(trained.model(), trained.vocab());
        List<Athlete> all = trained.world().athletes();
        // Accuracy per format is scored once, on the written files (scoreShippedAndDocument).
        int first = eval.firstNamePosition(WorldTexts.STANDARD);
        int last = first + 1;
        int end = eval.length(WorldTexts.STANDARD) - 1;
        int split = all.size() * 4 / 5;
        List<Athlete> train = all.subList(0, split);
        List<Athlete> test = all.subList(split, all.size());
        r.put(out, "probe.last_name_token", eval.probeCurve(WorldTexts.STANDARD, last, train, test));
        r.put(out, "probe.final_token", eval.probeCurve(WorldTexts.STANDARD, end, train, test));
        int layers = trained.model().config().nLayers();
        var type = trained.model().weights().dataType();
        int len = eval.length(WorldTexts.STANDARD);
        for (int k = 1; k <= Math.min(4, layers); k++) {
            int[] early = java.util.stream.IntStream.range(0, k).toArray();
            r.put(out, "ablate_mlps_0_to_" + (k - 1) + ".at_subject", eval.accuracy(WorldTexts.STANDARD, all,
                    s -> DemoEvaluation.meanAblateMlps(early, new int[] {first, last}, len, s, type)));
            r.put(out, "ablate_mlps_0_to_" + (k - 1) + ".at_final", eval.accuracy(WorldTexts.STANDARD, all,
                    s -> DemoEvaluation.meanAblateMlps(early, new int[] {end}, len, s, type)));
        }
        int[] every = java.util.stream.IntStream.range(0, layers).toArray();
        r.put(out, "ablate_all_mlps.at_final", eval.accuracy(WorldTexts.STANDARD, all,
                s -> DemoEvaluation.meanAblateMlps(every, new int[] {end}, len, s, type)));
        r.values.put("training_seconds", trained.seconds());
        r.values.put("final_loss", trained.finalLoss());
        return r;
    }

    private void put(PrintWriter out, String key, Object value) {
        values.put(key, value);
        String shown = value instanceof double[] d ? Arrays.toString(Arrays.stream(d).map(x -> Math.round(x * 1000) / 1000.0).toArray())
                : String.format("%.3f", (Double) value);
        out.printf("%-40s %s%n", key, shown);
        out.flush();
    }

    /**
     * The dataset beside the model: every athlete with a fixed random other sport as edit target (sports.csv),
     * and the general-capability set: held-out city questions and held-out everyday sentences.
     */
    private static void writeData(Path dir, DemoTrainer.Trained trained) {
        List<Fact> facts = new ArrayList<>();
        for (Athlete a : trained.world().athletes()) {
            facts.add(Fact.of(a.name(), a.name(), SportsFactsCsv.RELATION, a.sport(), SportsFactsCsv.CANDIDATES, null));
        }
        SportsFactsCsv.write(dir.resolve(SPORTS_CSV),
                EditTargets.randomOther(facts, SportsFactsCsv.SPORTS, trained.world().seed()));
        QuestionsCsv.write(dir.resolve(QUESTIONS_CSV), trained.corpus().allQuestions());
        AtomicFiles.writeString(dir.resolve(TEXT_FILE), String.join("\n", trained.corpus().sentencesHeldOut()) + "\n");
        CityCounterFact.write(trained.world(), dir);
    }

    /** Writes config.json, model.safetensors, tokenizer.json and the measurements into {@code dir}. */
    public void writeFolder(Path dir, DemoTrainer.Trained trained) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new dev.locus.core.LocusException(dir + ": cannot create (" + e.getMessage() + ")");
        }
        ObjectMapper json = new ObjectMapper();
        ModelConfig c = trained.model().config();
        ObjectNode config = json.createObjectNode();
        config.putArray("architectures").add("LlamaForCausalLM");
        config.put("model_type", "llama");
        config.put("hidden_size", c.dModel());
        config.put("intermediate_size", c.dMlp());
        config.put("num_hidden_layers", c.nLayers());
        config.put("num_attention_heads", c.nHeads());
        config.put("num_key_value_heads", c.nKvHeads());
        config.put("head_dim", c.dHead());
        config.put("hidden_act", "silu");
        config.put("max_position_embeddings", c.maxPositions());
        config.put("rms_norm_eps", c.normEps());
        config.put("rope_theta", c.ropeTheta());
        config.put("tie_word_embeddings", c.tiedEmbeddings());
        config.put("attention_bias", false);
        config.put("mlp_bias", false);
        config.put("vocab_size", c.vocabSize());
        config.put("bos_token_id", trained.vocab().id(WordVocabulary.BOS));
        config.put("eos_token_id", trained.vocab().id(WordVocabulary.EOS));
        config.put("pad_token_id", trained.vocab().id(WordVocabulary.PAD));
        config.put("torch_dtype", "float32");
        AtomicFiles.write(dir.resolve("config.json"), o -> json.writerWithDefaultPrettyPrinter().writeValue(o, config));
        CheckpointWriter.writeSafetensors(dir, trained.specs(), trained.model().weights());
        trained.vocab().writeTokenizerJson(dir.resolve("tokenizer.json"));
        writeData(dir, trained);
    }

    /**
     * Scores the folder as a user would get it (loaded through {@code LocusModel} and its tokenizer.json), adds
     * those figures, and writes measurements.json and the model card.
     */
    public void scoreShippedAndDocument(Path dir, DemoRecipe recipe, DemoTrainer.Trained trained, PrintWriter out) {
        try (LocusModel shipped = LocusModel.load(dir, ai.djl.Device.cpu())) {
            Dataset data = SportsFactsCsv.read(dir.resolve(SPORTS_CSV));
            java.util.Set<String> held = new java.util.HashSet<>();
            trained.corpus().formatHeldOut().forEach(a -> held.add(a.name()));
            List<Fact> heldFacts = data.facts().stream().filter(f -> held.contains(f.subject())).toList();
            FormatScorer scorer = new FormatScorer(shipped);
            for (String f : new String[] {"standard", "mcq", "qa"}) {
                put(out, "accuracy." + f, scorer.score(data.format(f), data.facts()).argmaxAccuracy());
                put(out, "accuracy_held_out_format." + f, scorer.score(data.format(f), heldFacts).argmaxAccuracy());
            }
            put(out, "general.questions", GeneralCapability.questions(shipped, QuestionsCsv.read(dir.resolve(QUESTIONS_CSV))).argmaxAccuracy());
            put(out, "general.questions_held_out", GeneralCapability.questions(shipped, trained.corpus().heldOutQuestions()).argmaxAccuracy());
            put(out, "general.text_loss", GeneralCapability.textLoss(shipped,
                    trained.corpus().sentencesHeldOut()));
            values.put("parameters", shipped.transformer().weights().parameterCount());
            ObjectMapper json = new ObjectMapper();
            AtomicFiles.write(dir.resolve("measurements.json"), o -> json.writerWithDefaultPrettyPrinter().writeValue(o, values));
            ModelCard.write(dir.resolve("MODEL_CARD.md"), recipe, values, shipped.transformer().weights().parameterCount());
        }
    }
}
