package dev.locus.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The paper's CounterFact MCQ (src/docs/paper.md §1.3): its template verbatim, seeded shuffles, an n-shot prefix. */
class CounterFactShotsTest {
    private static final String TEMPLATE = "Help me answer the following multiple choice question:\n\n%s\n\n"
            + "A. %s\nB. %s\nC. %s\nD. %s\n\nPlease respond with the letter of the correct answer, A, B, C, or D. Answer:";

    @Test
    void shotsArePoolQuestionsSolvedInThePapersTemplateThenTheQuestion() {
        List<Fact> pool = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pool.add(fact("p" + i, "Subject" + i, "T" + i, List.of("N" + i, "X" + i, "Y" + i)));
        }
        Fact asked = fact("q", "Danielle Darrieux", "French", List.of("English", "Spanish", "Italian"));
        PromptFormat mcq = Formats.counterFactWithMcq().get(3);
        PromptFormat shot = mcq.withShots(pool, 2, 0);
        Prompt p = shot.render(asked).get(0);

        // Every block is the template, verbatim, with that fact's options in its seeded shuffled order.
        String[] blocks = p.text().split("\n\n(?=Help me)");
        assertEquals(3, blocks.length, p.text());
        List<String> shotIds = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            String block = blocks[b];
            Fact f = pool.stream().filter(x -> block.contains("Question about " + x.subject() + "?"))
                    .findFirst().orElseThrow();
            shotIds.add(f.id());
            List<String> order = Seeds.shuffled(f.prompts(Formats.MCQ_OPTIONS), Seeds.random(0, f.id()));
            String letter = List.of("A", "B", "C", "D").get(order.indexOf(f.attribute()));
            assertEquals(String.format(TEMPLATE, "Question about " + f.subject() + "?", order.get(0), order.get(1),
                    order.get(2), order.get(3)) + " " + letter, blocks[b], "shot " + b + " solved, then a blank line");
        }
        List<String> order = Seeds.shuffled(asked.prompts(Formats.MCQ_OPTIONS), Seeds.random(0, "q"));
        assertEquals(String.format(TEMPLATE, "Question about Danielle Darrieux?", order.get(0), order.get(1),
                order.get(2), order.get(3)), blocks[2]);
        assertEquals(order.indexOf("French"), p.correct());
        assertEquals(order.indexOf("English"), p.edit(), "MC edit accuracy counts targets_false[0]");
        assertEquals(2, shotIds.stream().distinct().count());

        // Seeded: the same seed draws the same shots; a format without shots has no prefix.
        assertEquals(p.text(), mcq.withShots(pool, 2, 0).render(asked).get(0).text());
        assertTrue(mcq.withShots(pool, 0, 0).render(asked).get(0).text().startsWith("Help me answer"));
        assertEquals(5, mcq.withShots(pool, 9, 0).prefix().split("Answer: [A-D]\n\n").length,
                "more shots than pool facts use the whole pool");
    }

    private static Fact fact(String id, String subject, String truth, List<String> falses) {
        List<String> options = new ArrayList<>();
        options.add(truth);
        options.addAll(falses);
        return new Fact(id, subject, "r", truth, List.of(truth, falses.get(0)), falses.get(0),
                Map.of("prompt", List.of("{} speaks"), Formats.MCQ_QUESTION, List.of("Question about {}?"),
                        Formats.MCQ_OPTIONS, options), Map.of());
    }
}
