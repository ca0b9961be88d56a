package dev.locus.data;

import dev.locus.core.LocusException;
import dev.locus.core.Messages;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named list of facts (in file order) with the prompt formats to ask them in. Use it as what a reader returns
 * and what splits, evaluation and editing take.
 *
 * @param name shown to users (by default the file name without extension)
 * @param facts in file order; ids are unique
 * @param formats names are unique
 */
public record Dataset(String name, List<Fact> facts, List<PromptFormat> formats) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        facts = List.copyOf(facts);
        formats = List.copyOf(formats);
        Set<String> ids = new HashSet<>();
        for (Fact fact : facts) {
            if (!ids.add(fact.id())) {
                throw new LocusException("dataset " + Messages.quote(name) + ": fact id " + Messages.quote(fact.id())
                        + " appears twice");
            }
        }
        Set<String> names = new HashSet<>();
        for (PromptFormat format : formats) {
            if (!names.add(format.name())) {
                throw new LocusException("dataset " + Messages.quote(name) + ": two prompt formats are named "
                        + Messages.quote(format.name()));
            }
        }
    }

    /** The format of that name; an unknown name is an error that lists the available ones. */
    public PromptFormat format(String formatName) {
        for (PromptFormat format : formats) {
            if (format.name().equals(formatName)) {
                return format;
            }
        }
        throw new LocusException("dataset " + Messages.quote(name) + " has no prompt format "
                + Messages.quote(formatName)
                + "; available: " + formats.stream().map(PromptFormat::name).collect(Collectors.joining(", ")));
    }

    /** The format of that name when given (else as {@link #format}); with null, {@code standard}, or the first format. */
    public PromptFormat formatOrStandard(String formatName) {
        return formatName != null ? format(formatName) : formatOr(null);
    }

    /** The format of that name when the dataset has it, else {@code standard}, else the first: never an error. */
    public PromptFormat formatOr(String formatName) {
        return formats.stream().filter(f -> f.name().equals(formatName)).findFirst()
                .orElse(formats.stream().filter(f -> f.name().equals("standard")).findFirst().orElse(formats.get(0)));
    }

    /** The distinct true attributes, in order of first appearance (sports: the three sports; never golf). */
    public List<String> attributes() {
        Set<String> out = new LinkedHashSet<>();
        facts.forEach(f -> out.add(f.attribute()));
        return List.copyOf(out);
    }

    /** This dataset with other formats (e.g. a user's format file). */
    public Dataset withFormats(List<PromptFormat> newFormats) {
        return new Dataset(name, facts, newFormats);
    }
}
