package dev.locus.model.chat;

import java.util.LinkedHashMap;

/** What {@code namespace(...)} makes: the one object a {@code set ns.name = value} may change, even inside a loop. */
final class Namespace extends LinkedHashMap<String, Object> {
}
