package dev.locus.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The facts of one experiment: the forget (or edit) set, the maintain set split 80/20 into train and test, and the
 * forget set's halves for the relearning attack (relearn on the first half with true labels, test on the second).
 * Use {@link #of} to build it; show {@code warnings} to the user.
 *
 * @param forget the facts to forget or edit, in file order
 * @param maintainTrain the first 80% (rounded down) of the other facts, in file order
 * @param maintainTest the remaining other facts
 * @param relearnTrain the forget set's first half (rounded down)
 * @param relearnTest the forget set's second half
 * @param warnings things that are allowed but worth saying, such as a forget set too small for relearning halves
 */
public record Split(List<Fact> forget, List<Fact> maintainTrain, List<Fact> maintainTest, List<Fact> relearnTrain,
        List<Fact> relearnTest, List<String> warnings) {

    public Split {
        forget = List.copyOf(forget);
        maintainTrain = List.copyOf(maintainTrain);
        maintainTest = List.copyOf(maintainTest);
        relearnTrain = List.copyOf(relearnTrain);
        relearnTest = List.copyOf(relearnTest);
        warnings = List.copyOf(warnings);
    }

    /** Chooses the forget set by spec and splits the rest; errors say why the choice is impossible. */
    public static Split of(Dataset dataset, ForgetSpec spec) {
        List<Fact> forget = spec.select(dataset.facts());
        Set<String> forgetIds = new HashSet<>();
        forget.forEach(f -> forgetIds.add(f.id()));
        List<Fact> maintain = dataset.facts().stream().filter(f -> !forgetIds.contains(f.id())).toList();
        int train = maintain.size() * 4 / 5;
        int half = forget.size() / 2;
        List<String> warnings = new ArrayList<>();
        if (forget.size() < 2) {
            warnings.add("forget set " + spec.text() + " has " + forget.size()
                    + " fact; the relearning attack needs at least 2 (one half to relearn, one to test), so it"
                    + " relearns on none");
        }
        if (maintain.isEmpty()) {
            warnings.add("forget set " + spec.text() + " takes every fact; nothing is left to maintain");
        } else if (maintain.size() - train == 0) {
            warnings.add("only " + maintain.size() + " maintain fact(s): the maintain test split is empty");
        }
        return new Split(forget, maintain.subList(0, train), maintain.subList(train, maintain.size()),
                forget.subList(0, half), forget.subList(half, forget.size()), warnings);
    }

    /** All facts other than the forget set, in file order. */
    public List<Fact> maintain() {
        List<Fact> all = new ArrayList<>(maintainTrain);
        all.addAll(maintainTest);
        return List.copyOf(all);
    }
}
