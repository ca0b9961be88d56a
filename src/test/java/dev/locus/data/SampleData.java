package dev.locus.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small data files in the shapes of the paper's sports.csv and CounterFact JSON, written into a test folder. */
final class SampleData {
    /** The first rows of the paper's sports.csv, with its columns (pandas index, quoted multi-line prompt). */
    static final String SPORTS_CSV = ",athlete,sport,log_prob_one_shot,num_athlete_tokens,sport_index,sport_token,prompt,"
            + "inject_sport_with_golf,inject_sport_without_golf\n"
            + row(1642, "DeForest Buckner", "football", "golf", "basketball")
            + row(1411, "Walter Payton", "football", "golf", "baseball")
            + row(77, "Anthony DeSclafani", "baseball", "golf", "football")
            + row(1003, "Kevin Millwood", "baseball", "golf", "basketball")
            + row(512, "Vonta Leach", "football", "golf", "baseball")
            + row(990, "Mitch Haniger", "baseball", "golf", "football")
            + row(1200, "Landon Collins", "football", "golf", "basketball")
            + row(313, "Charlie Whitehurst", "football", "golf", "baseball")
            + row(45, "Mariano Rivera", "baseball", "golf", "basketball")
            + row(800, "Boris Diaw", "basketball", "golf", "football");

    /** The ROME example record (case_id 0) and a second one. */
    static final String COUNTERFACT_JSON = """
            [
              {"case_id": 0, "pararel_idx": 2796,
               "requested_rewrite": {"prompt": "The mother tongue of {} is", "relation_id": "P103",
                 "subject": "Danielle Darrieux", "target_new": {"id": "Q1860", "str": "English"},
                 "target_true": {"id": "Q150", "str": "French"}},
               "paraphrase_prompts": ["Shayna does this and Yossel goes still and dies. Danielle Darrieux, a native",
                 "An album was recorded for Capitol Nashville but never released. Danielle Darrieux spoke the language"],
               "neighborhood_prompts": ["The mother tongue of Léon Blum is", "The native language of Montesquieu is",
                 "François Bayrou, a native"],
               "attribute_prompts": ["J. R. R. Tolkien is a native speaker of"],
               "generation_prompts": ["Danielle Darrieux's mother tongue is"]},
              {"case_id": 1, "pararel_idx": 5,
               "requested_rewrite": {"prompt": "{} plays the position of", "relation_id": "P413",
                 "subject": "Edwin of Northumbria", "target_new": {"str": "goaltender"},
                 "target_true": {"str": " midfielder"}},
               "paraphrase_prompts": ["Edwin of Northumbria, who plays"],
               "neighborhood_prompts": ["Gareth Barry plays the position of"]}
            ]
            """;

    /** Our JSON form of the paper's multiple-choice question file, for case 0. */
    static final String MCQ_JSON = """
            [{"case_id": 0, "question": "What is the mother tongue of Danielle Darrieux?", "target_true": "French",
              "targets_false": ["English", "Spanish", "Italian"]},
             {"case_id": 99, "question": "Not in the fact file?", "target_true": "a", "targets_false": ["b", "c", "d"]}]
            """;

    private SampleData() {
    }

    private static String row(int index, String athlete, String sport, String withGolf, String withoutGolf) {
        return index + "," + athlete + "," + sport + ",-0.49291748,5,2,5842,\"Fact: Tiger Woods plays the sport of golf\n"
                + "Fact: " + athlete + " plays the sport of\"," + withGolf + "," + withoutGolf + "\n";
    }

    static Path write(Path dir, String name, String text) throws IOException {
        return write(dir, name, text.getBytes(StandardCharsets.UTF_8));
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }
}
