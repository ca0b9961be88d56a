package dev.locus.demo;

import dev.locus.model.io.AtomicFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** Writes the demo model's card: recipe, seed, accuracy per format, training time, size, and the mechanism evidence. */
final class ModelCard {
    private ModelCard() {
    }

    static void write(Path file, DemoRecipe r, Map<String, Object> m, long parameters) {
        StringBuilder s = new StringBuilder();
        s.append("# Sports World demo model\n\n")
                .append("The model Locus ships and opens by default: a Llama-style decoder trained from scratch by ")
                .append("`locus train-demo --seed ").append(r.seed()).append("` on Sports World, a synthetic world whose ")
                .append("facts we know. Athletes are \"First Last\" from shared name pools in which every first and every ")
                .append("last name belongs to exactly six athletes of each sport, so only the pair tells the sport.\n\n")
                .append("## Recipe\n\n")
                .append(String.format(Locale.ROOT, "- World: %d first names x %d last names, %d athletes (football, baseball, ",
                        r.namesPerPool(), r.namesPerPool(), r.namesPerPool() * 18))
                .append("basketball, a third each), 160 cities in 4 countries, 4,000 everyday sentences; seed ").append(r.seed()).append('\n')
                .append(String.format(Locale.ROOT, "- Model: LlamaForCausalLM, %d layers, d_model %d, %d heads, d_mlp %d, "
                        + "word-level vocabulary; %,d parameters%n", r.layers(), r.dModel(), r.heads(), r.dMlp(), parameters))
                .append(String.format(Locale.ROOT, "- Training: %d steps x %d rows x %d tokens, AdamW (lr %.0e, weight decay %.2f), "
                        + "%d warm-up steps then cosine decay, gradient clipping at 1.0%n", r.steps(), r.batch(), r.rowLength(),
                        r.learningRate(), r.weightDecay(), r.warmupSteps()))
                .append(String.format(Locale.ROOT, "- Mixture: %.0f%% roster lines (`Roster: First Last football ; ...`: the sport ",
                        100 * r.rosterWeight()))
                .append("is named right after the name, so it must be looked up at the name), the rest the paper's three query ")
                .append("formats (standard, multiple choice, question/answer), city facts and questions, and sentences\n")
                .append(String.format(Locale.ROOT, "- Held out: %.0f%% of athletes never appear in the multiple-choice or "
                        + "question/answer formats; a fifth of the cities from the questions; a tenth of the sentences%n",
                        100 * r.formatHoldout()))
                .append(String.format(Locale.ROOT, "- Training time: %.0f s on this machine (2 cores); final training loss %.3f%n%n",
                        (Double) m.get("training_seconds"), (Double) m.get("final_loss")));
        s.append("## Accuracy (shipped files, scored through tokenizer.json)\n\n"
                + "Argmax accuracy: the share of prompts whose true answer is the most probable candidate (the paper's "
                + "accuracy, the mean renormalized probability, is what `locus evaluate` reports first).\n\n| format | all athletes | held out of this format |\n|---|---|---|\n");
        for (String f : new String[] {"standard", "mcq", "qa"}) {
            s.append(String.format(Locale.ROOT, "| %s | %.3f | %s |%n", f, num(m, "accuracy." + f),
                    f.equals("standard") ? "(trained for all)" : String.format(Locale.ROOT, "%.3f", num(m, "accuracy_held_out_format." + f))));
        }
        s.append(String.format(Locale.ROOT, "%nGeneral capability (the stand-in for MMLU and the Pile): city questions %.3f "
                + "(chance 0.25; `general-questions.csv`, all 160 cities), of which the 32 never trained as questions %.3f "
                + "(the facts were trained as statements only); next-token loss on held-out sentences %.3f nats/token.%n%n",
                num(m, "general.questions"), num(m, "general.questions_held_out"), num(m, "general.text_loss")));
        s.append("## Mechanism: lookup at the subject, extraction at the end\n\n")
                .append("Linear probe accuracy for the sport (trained on 80% of athletes, tested on the rest; chance 0.33), by layer ")
                .append("(0 = embeddings, L = after block L-1), on the standard prompt:\n\n")
                .append("- at the athlete's last-name token: ").append(curve(m, "probe.last_name_token")).append('\n')
                .append("- at the final token: ").append(curve(m, "probe.final_token")).append("\n\n")
                .append("Standard-format accuracy when the MLP outputs of the first layers are mean-ablated (replaced by their ")
                .append("mean over athletes) at the subject's two tokens, or at the final position (chance 0.33):\n\n")
                .append("| MLP layers ablated | at the subject | at the final position |\n|---|---|---|\n");
        for (int k = 0; k < 4 && m.containsKey("ablate_mlps_0_to_" + k + ".at_subject"); k++) {
            s.append(String.format(Locale.ROOT, "| 0-%d | %.3f | %.3f |%n", k, num(m, "ablate_mlps_0_to_" + k + ".at_subject"),
                    num(m, "ablate_mlps_0_to_" + k + ".at_final")));
        }
        s.append(String.format(Locale.ROOT, "| all, at the final position only | | %.3f |%n%n", num(m, "ablate_all_mlps.at_final")));
        s.append("Files: `config.json`, `model.safetensors`, `tokenizer.json` (Hugging Face layout), `sports.csv` (athlete, ")
                .append("sport, a fixed random other sport as edit target), `general-questions.csv`, `general-text.txt`, ")
                .append("`measurements.json` (every number above).\n");
        AtomicFiles.writeString(file, s.toString());
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String curve(Map<String, Object> m, String key) {
        double[] d = (double[]) m.get(key);
        return Arrays.stream(d).mapToObj(x -> String.format(Locale.ROOT, "%.2f", x)).reduce((a, b) -> a + ", " + b).orElse("");
    }
}
