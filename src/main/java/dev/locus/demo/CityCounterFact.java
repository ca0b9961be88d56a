package dev.locus.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.locus.data.Formats;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.FormatFiles;
import dev.locus.data.world.City;
import dev.locus.data.world.SportsWorld;
import dev.locus.model.io.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Sports World's city facts in CounterFact form, so the paper's CounterFact path runs offline on the bundled model
 * ({@code --data demo-counterfact}): one record per city, its country the true target and a seeded other country
 * the new one, two paraphrases, up to ten neighborhood prompts (other cities of the same country), and a
 * multiple-choice question. Three files beside the model, regenerated from the world's seed by {@link #write}:
 * {@value #FACTS}, {@value #QUESTIONS} and {@value #FORMATS}.
 *
 * <p>The model reads only words it was trained on, so paraphrases are rewordings from its own vocabulary, chosen by
 * measuring what the shipped model answers (README, "CounterFact on the bundled model"): dropping "Fact:" and
 * dropping "the city of" (full-vocabulary P(true country) 0.97 and 0.67 on average over the 160 cities). The
 * multiple-choice format is the city question the model was trained on (options in the world's fixed order): it
 * answers the paper's long template at chance, since it never saw those words; real datasets keep the paper's.
 */
public final class CityCounterFact {
    /** The CounterFact records. */
    public static final String FACTS = "counterfact.json";
    /** The multiple-choice questions (CounterFactJson's question file). */
    public static final String QUESTIONS = "counterfact-mcq.json";
    /** The formats the bundled model is evaluated in: prompt, paraphrase, neighborhood, mcq. */
    public static final String FORMATS = "counterfact-formats.json";

    /** The trained statement, CounterFact's requested_rewrite.prompt. */
    static final String PROMPT = "Fact: the city of {} is in the country of";
    /** Rewordings the shipped model still answers (measured; see the class comment). */
    static final List<String> PARAPHRASES = List.of("the city of {} is in the country of",
            "Fact: {} is in the country of");
    /** The city question of {@link WorldTexts#cityQuestion} as a choice format over the fixed country order. */
    static final String MCQ_TEMPLATE = "Question: {question}\nA: {a}\nB: {b}\nC: {c}\nD: {d}\n\nAnswer:";
    private static final int NEIGHBORS = 10;

    private CityCounterFact() {
    }

    /** Writes the three files for {@code world} into {@code dir}, each atomically. */
    public static void write(SportsWorld world, Path dir) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode records = json.createArrayNode();
        ArrayNode questions = json.createArrayNode();
        SplittableRandom random = new SplittableRandom(world.seed());
        List<City> cities = world.cities();
        for (int id = 0; id < cities.size(); id++) {
            City city = cities.get(id);
            List<String> others = new ArrayList<>(world.countries());
            others.remove(city.country());
            String target = others.get(random.nextInt(others.size()));
            ObjectNode record = records.addObject();
            record.put("case_id", id);
            ObjectNode rewrite = record.putObject("requested_rewrite");
            rewrite.put("prompt", PROMPT);
            rewrite.put("relation_id", "country");
            rewrite.put("subject", city.name());
            rewrite.putObject("target_new").put("str", target);
            rewrite.putObject("target_true").put("str", city.country());
            ArrayNode paraphrases = record.putArray("paraphrase_prompts");
            PARAPHRASES.forEach(p -> paraphrases.add(p.replace("{}", city.name())));
            ArrayNode neighbors = record.putArray("neighborhood_prompts");
            neighbors(cities, id, random).forEach(n -> neighbors.add(PROMPT.replace("{}", n.name())));
            ObjectNode question = questions.addObject();
            question.put("case_id", id);
            question.put("question", WorldTexts.cityQuestion(city, world.countries()).question());
            question.put("target_true", city.country());
            ArrayNode falses = question.putArray("targets_false");
            falses.add(target); // the paper's MC edit accuracy counts targets_false[0]: the edit target
            others.stream().filter(c -> !c.equals(target)).forEach(falses::add);
        }
        AtomicFiles.writeString(dir.resolve(FACTS), text(json, records));
        AtomicFiles.writeString(dir.resolve(QUESTIONS), text(json, questions));
        FormatFiles.write(dir.resolve(FORMATS), formats(world));
    }

    /** CounterFact's formats (full-vocabulary scoring) with the model's own city question as mcq. */
    static List<PromptFormat> formats(SportsWorld world) {
        List<PromptFormat> formats = new ArrayList<>(Formats.counterFact());
        formats.add(new PromptFormat("mcq", PromptFormat.Kind.CHOICE, MCQ_TEMPLATE, Formats.MCQ_QUESTION,
                world.countries(), null, null, 0, false));
        return formats;
    }

    /** Up to ten other cities of the same country, drawn by the world's seed. */
    private static List<City> neighbors(List<City> cities, int id, SplittableRandom random) {
        List<City> same = new ArrayList<>();
        for (int i = 0; i < cities.size(); i++) {
            if (i != id && cities.get(i).country().equals(cities.get(id).country())) {
                same.add(cities.get(i));
            }
        }
        for (int i = same.size() - 1; i > 0; i--) { // Fisher-Yates, so the draw depends on the seed alone
            int j = random.nextInt(i + 1);
            same.set(j, same.set(i, same.get(j)));
        }
        return same.subList(0, Math.min(NEIGHBORS, same.size()));
    }

    private static String text(ObjectMapper json, ArrayNode array) {
        try {
            return json.writeValueAsString(array) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e); // a tree of plain values always writes
        }
    }
}
