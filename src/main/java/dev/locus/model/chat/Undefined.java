package dev.locus.model.chat;

/**
 * A name, attribute or item the template looked up and did not find: it renders as nothing and is false, as in
 * Jinja; using it in arithmetic or as a string is an error naming it.
 */
record Undefined(String name) {
}
