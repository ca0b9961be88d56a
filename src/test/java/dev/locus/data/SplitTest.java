package dev.locus.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.locus.core.LocusException;
import dev.locus.data.files.SportsFactsCsv;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Forget specs, splits (80/20 maintain, relearning halves) and edit targets. */
class SplitTest {
    private static final List<String> SPORTS = SportsFactsCsv.SPORTS;

    /** 30 athletes, sports in turn: football, baseball, basketball, ... */
    private static Dataset dataset() {
        List<Fact> facts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            facts.add(Fact.of("A" + i, "Athlete " + i, "sport", SPORTS.get(i % 3), SportsFactsCsv.CANDIDATES, null));
        }
        return new Dataset("t", facts, Formats.sports());
    }

    private static List<String> ids(List<Fact> facts) {
        return facts.stream().map(Fact::id).toList();
    }

    @Test
    void firstNAndTheRestSplit8020InFileOrder() {
        Split split = Split.of(dataset(), ForgetSpec.parse("first:10"));
        assertEquals(ids(dataset().facts().subList(0, 10)), ids(split.forget()));
        assertEquals(ids(dataset().facts().subList(10, 26)), ids(split.maintainTrain()));
        assertEquals(ids(dataset().facts().subList(26, 30)), ids(split.maintainTest()));
        assertEquals(ids(dataset().facts().subList(0, 5)), ids(split.relearnTrain()));
        assertEquals(ids(dataset().facts().subList(5, 10)), ids(split.relearnTest()));
        assertEquals(ids(dataset().facts().subList(10, 30)), ids(split.maintain()));
        assertEquals(List.of(), split.warnings());
    }

    @Test
    void oddForgetSetsPutTheExtraFactInTheTestHalf() {
        Split split = Split.of(dataset(), ForgetSpec.first(5));
        assertEquals(List.of("A0", "A1"), ids(split.relearnTrain()));
        assertEquals(List.of("A2", "A3", "A4"), ids(split.relearnTest()));
    }

    @Test
    void randomIsReproducibleAndDependsOnTheSeed() {
        Split a = Split.of(dataset(), ForgetSpec.parse("random:8:seed=3"));
        Split b = Split.of(dataset(), ForgetSpec.random(8, 3));
        Split c = Split.of(dataset(), ForgetSpec.random(8, 4));
        assertEquals(ids(a.forget()), ids(b.forget()));
        assertNotEquals(Set.copyOf(ids(a.forget())), Set.copyOf(ids(c.forget())));
        assertEquals(8, new HashSet<>(ids(a.forget())).size());
        List<String> inFileOrder = ids(dataset().facts()).stream().filter(ids(a.forget())::contains).toList();
        assertEquals(inFileOrder, ids(a.forget()), "kept in file order");
        assertEquals(22, a.maintain().size());
        assertTrue(a.maintain().stream().noneMatch(a.forget()::contains));
    }

    @Test
    void attributeTakesEveryFactOfIt() {
        Split split = Split.of(dataset(), ForgetSpec.parse("attribute: Basketball"));
        assertEquals(10, split.forget().size());
        assertTrue(split.forget().stream().allMatch(f -> f.attribute().equals("basketball")));
        assertEquals(20, split.maintain().size());
        assertEquals(16, split.maintainTrain().size());
    }

    @Test
    void impossibleChoicesAreClearErrors() {
        assertEquals("forget set 'first:31' asks for 31 facts but the dataset has 30",
                assertThrows(LocusException.class, () -> Split.of(dataset(), ForgetSpec.first(31))).getMessage());
        assertEquals("forget set 'attribute:golf': no fact has attribute 'golf'; the attributes are football,"
                + " baseball, basketball",
                assertThrows(LocusException.class, () -> Split.of(dataset(), ForgetSpec.attribute("golf"))).getMessage());
    }

    @Test
    void aSingleFactIsAllowedWithAWarning() {
        Split split = Split.of(dataset(), ForgetSpec.first(1));
        assertEquals(List.of(), split.relearnTrain());
        assertEquals(1, split.relearnTest().size());
        assertEquals(1, split.warnings().size());
        assertTrue(split.warnings().get(0).contains("needs at least 2"), split.warnings().get(0));
    }

    @Test
    void parseErrorsSayWhatIsExpected() {
        for (String bad : List.of("", "first", "first:x", "first:0", "first:-3", "last:4", "random:4:3",
                "random:4:seed=x", "attribute:", "first:1:2")) {
            LocusException e = assertThrows(LocusException.class, () -> ForgetSpec.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("forget set '" + bad + "'"), e.getMessage());
        }
        assertEquals(ForgetSpec.random(16, 0), ForgetSpec.parse("random:16"));
        assertEquals("random:16:seed=3", ForgetSpec.parse(" RANDOM:16:seed=3 ").text());
        assertEquals(ForgetSpec.attribute("a:b"), ForgetSpec.parse("attribute:a:b"));
        assertEquals(ForgetSpec.first(64), ForgetSpec.parse(ForgetSpec.first(64).text()));
    }

    @Test
    void randomEditTargetsAreAnotherMainAttributeAndStable() {
        Dataset data = dataset();
        List<Fact> edited = EditTargets.randomOther(data.facts(), data.attributes(), 11);
        Set<String> seen = new HashSet<>();
        for (Fact f : edited) {
            assertNotNull(f.editTarget());
            assertNotEquals(f.attribute(), f.editTarget());
            assertTrue(SPORTS.contains(f.editTarget()), "never golf: " + f.editTarget());
            seen.add(f.attribute() + ">" + f.editTarget());
        }
        assertEquals(6, seen.size(), "every other sport occurs: " + seen);
        List<Fact> someOfThem = EditTargets.randomOther(List.of(data.facts().get(29), data.facts().get(7)),
                List.of("basketball", "football", "baseball"), 11);
        assertEquals(edited.get(29), someOfThem.get(0), "independent of the list and the attribute order");
        assertEquals(edited.get(7), someOfThem.get(1));
        assertEquals(edited, EditTargets.randomOther(data.facts(), data.attributes(), 11));
        assertNotEquals(edited, EditTargets.randomOther(data.facts(), data.attributes(), 12));
    }

    @Test
    void namedEditTargets() {
        List<Fact> golf = EditTargets.named(dataset().facts(), "golf");
        assertTrue(golf.stream().allMatch(f -> f.editTarget().equals("golf")));
        assertEquals("edit target 'football' is already the true answer of fact 'A0'",
                assertThrows(LocusException.class, () -> EditTargets.named(dataset().facts(), "football")).getMessage());
        assertTrue(assertThrows(LocusException.class, () -> EditTargets.named(dataset().facts(), "tennis"))
                .getMessage().startsWith("edit target 'tennis' is not among the candidates of fact 'A0': ["));
    }
}
