package dev.locus.model.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.core.LocusException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jinja subset's semantics where they are easy to get wrong, and the one-line refusals outside it. */
class ChatTemplateRulesTest {
    @TempDir
    Path dir;

    private ChatTemplate template(Object chatTemplate) throws IOException {
        Files.writeString(dir.resolve("tokenizer_config.json"), new ObjectMapper().writeValueAsString(
                Map.of("chat_template", chatTemplate, "bos_token", Map.of("content", "<s>", "lstrip", false),
                        "eos_token", "</s>")));
        return ChatTemplate.find(dir);
    }

    private String render(String chatTemplate) throws IOException {
        return template(chatTemplate).render(List.of(new ChatTemplate.Message("system", "S"),
                new ChatTemplate.Message("user", " U ")), true);
    }

    @Test
    void blockWhitespaceIsTrimmedAsTransformersDoes() throws IOException {
        // trim_blocks and lstrip_blocks: indented block tags on their own lines leave nothing; {{ }} lines keep theirs.
        assertEquals("  a\n  1 b", render("  {% if true %}\n  a\n  {% endif %}\n  {{ 1 }} {% if true %}b{% endif %}\n"));
        assertEquals("x|y", render("x  \n {{- '|' -}} \n  y"));
        assertEquals("AB", render("A{# a comment #}\nB"));
    }

    @Test
    void loopScopesAndNamespacesBehaveAsInJinja() throws IOException {
        assertEquals("01;02;0", render("{% set x = 0 %}{% for i in [1,2] %}{{ x }}{% set x = i %}{{ x }};{% endfor %}"
                + "{{ x }}"));
        assertEquals("2", render("{% set ns = namespace(n=0) %}{% for m in messages %}{% set ns.n = ns.n + 1 %}"
                + "{% endfor %}{{ ns.n }}"));
        assertEquals("user,system|True False|1/2", render("{% for m in messages[::-1] %}{{ m.role }}"
                + "{% if not loop.last %},{% endif %}{% endfor %}|{{ messages[0].content is string }} "
                + "{{ messages[0].tool_calls is defined }}|{% for m in messages %}{{ loop.index }}"
                + "{% if loop.first %}/{% endif %}{% endfor %}"));
    }

    @Test
    void valuesPrintAndCompareAsPythonDoes() throws IOException {
        assertEquals("None|True|3|U|<s></s>|cba|a-b", render("{{ none }}|{{ 1 == 1.0 }}|{{ messages|length + 1 }}|"
                + "{{ messages[-1]['content'] | trim }}|{{ bos_token ~ eos_token }}|{{ 'abc'[::-1] }}|"
                + "{{ 'a</t>b'.split('</t>')[0] ~ '-' ~ 'xb'.lstrip('x') }}"));
        assertEquals("1True|1|role=system;content=S;", render("{% for m in messages if m.role != 'system' %}"
                + "{{ loop.index }}{{ loop.last }}{% endfor %}|{{ messages | selectattr('role', 'equalto', 'user') | list"
                + " | length }}|{% for k, v in messages[0].items() %}{{ k }}={{ v }};{% endfor %}"));
        assertEquals("yes", render("{% if 'role' in messages[0] and messages[1].role != 'system' %}yes{% endif %}"));
    }

    @Test
    void aListOfNamedTemplatesUsesTheDefault() throws IOException {
        ChatTemplate t = template(List.of(Map.of("name", "tool_use", "template", "T"),
                Map.of("name", "default", "template", "D{{ messages|length }}")));
        assertEquals("D2", t.render(List.of(new ChatTemplate.Message("system", "S"),
                new ChatTemplate.Message("user", "U")), true));
    }

    @Test
    void constructsOutsideTheSubsetAreOneLineErrorsNamingFileAndPlace() throws IOException {
        assertRefused("{% macro m() %}x{% endmacro %}", "tokenizer_config.json: chat_template: line 1, column 1: "
                + "unsupported tag 'macro'");
        assertRefused("a\n  {{ messages | tojson }}", "line 2, column 15: unsupported filter 'tojson'");
        assertRefused("{{ strftime_now('%d') }}", "line 1, column 4: unsupported function 'strftime_now'");
        assertRefused("{{ messages[0].content.format(1) }}", "unsupported method 'format' of a string");
        assertRefused("{% if true %}x", "the template ends before 'endif'");
        assertRefused("{{ 'a' + 1 }}", "cannot apply '+' to a string and a number");
        assertRefused("{{ messages[0].content", "never closed");
        // a template that refuses the conversation itself says its own reason
        assertRefused("{{ raise_exception('Only user and assistant roles are supported!') }}",
                "refuses the conversation: Only user and assistant roles are supported!");
    }

    private void assertRefused(String chatTemplate, String expected) throws IOException {
        ChatTemplate t = template(chatTemplate);
        LocusException e = assertThrows(LocusException.class, () -> t.render(List.of(
                new ChatTemplate.Message("user", "U")), true), chatTemplate);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("tokenizer_config.json").toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void noTemplateMeansNone() throws IOException {
        assertNull(ChatTemplate.find(dir));
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\"}");
        assertNull(ChatTemplate.find(dir));
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ bos_token }}{{ messages[0].content }}");
        assertEquals("<s>U", ChatTemplate.find(dir).render(List.of(new ChatTemplate.Message("user", "U")), true));
    }
}
