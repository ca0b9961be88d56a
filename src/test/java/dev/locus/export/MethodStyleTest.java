package dev.locus.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class MethodStyleTest {

    @Test
    void thePapersNineMethodsInOrderWithTheirColorsAndNames() {
        assertEquals(List.of("flu", "causal-tracing", "causal-tracing-mlps", "attribution-patching",
                "attribution-patching-mlps", "random", "random-mlps", "all-mlps", "nonlocalized"), MethodStyle.order());
        assertEquals(new Color(0xd62728), MethodStyle.color("flu"));
        assertEquals(new Color(0xff7f0e), MethodStyle.color("causal-tracing"));
        assertEquals(new Color(0xf1c40f), MethodStyle.color("causal-tracing-mlps"));
        assertEquals(new Color(0x1f77b4), MethodStyle.color("attribution-patching"));
        assertEquals(new Color(0x3498db), MethodStyle.color("attribution-patching-mlps"));
        assertEquals(new Color(0x2ca02c), MethodStyle.color("random"));
        assertEquals(new Color(0x16a085), MethodStyle.color("random-mlps"));
        assertEquals(new Color(0x8c564b), MethodStyle.color("all-mlps"));
        assertEquals(new Color(0x9467bd), MethodStyle.color("nonlocalized"));
        assertEquals(List.of("Fact Lookup", "Causal Tracing", "Causal Tracing MLPs", "Attribution Patching",
                "Attribution Patching MLPs", "Random", "Random MLPs", "All MLPs", "Nonlocalized"),
                MethodStyle.order().stream().map(MethodStyle::displayName).toList());
        assertEquals(9, new HashSet<>(MethodStyle.order().stream().map(MethodStyle::color).toList()).size());
    }

    @Test
    void unknownMethodsAreGreyUnderTheirOwnNameAfterTheNineAndBeforeNone() {
        assertEquals(MethodStyle.UNKNOWN_COLOR, MethodStyle.color("my-method"));
        assertEquals("my-method", MethodStyle.displayName("my-method"));
        assertFalse(MethodStyle.isKnown("my-method"));
        assertTrue(MethodStyle.isKnown("flu"));
        assertEquals("Before editing", MethodStyle.displayName(MethodStyle.NONE));
        assertEquals(List.of("flu", "random", "all-mlps", "a-method", "z-method", "none"),
                MethodStyle.sorted(List.of("none", "z-method", "all-mlps", "random", "a-method", "flu", "flu")));
    }
}
