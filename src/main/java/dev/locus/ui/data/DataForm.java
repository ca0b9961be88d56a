package dev.locus.ui.data;

import dev.locus.core.LocusException;
import dev.locus.data.ForgetSpec;
import dev.locus.experiment.config.ExperimentConfig;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Data panel's form: where the facts come from, how the forget set is chosen and what an edit aims them at, read
 * from a config and turned back into one. No nodes; JavaFX thread only.
 */
public final class DataForm {
    /** Where the facts come from. */
    public enum Source {
        BUNDLED("Sports World (bundled)"), BUNDLED_COUNTERFACT("Sports World cities as CounterFact (bundled)"),
        SPORTS_CSV("Sports Facts CSV"), COUNTERFACT("CounterFact JSON");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** How the forget set is chosen ({@link ForgetSpec}). */
    public enum ForgetKind {
        FIRST("First N facts"), RANDOM("N facts at random"), ATTRIBUTE("Every fact with one attribute");

        private final String label;

        ForgetKind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** What an edit aims the forget facts at ({@link ExperimentConfig#editTarget()}). */
    public enum TargetKind {
        RANDOM("A random other attribute", ExperimentConfig.TARGET_RANDOM),
        NONE("None: unlearn only", ExperimentConfig.TARGET_NONE),
        DATA("The dataset's own edit targets", ExperimentConfig.TARGET_DATA),
        NAMED("One attribute for every fact", null);

        private final String label;
        private final String keyword;

        TargetKind(String label, String keyword) {
            this.label = label;
            this.keyword = keyword;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    // The form.
    private final ObjectProperty<Source> source = new SimpleObjectProperty<>(Source.BUNDLED);
    private final StringProperty dataFile = new SimpleStringProperty("");
    private final StringProperty questionsFile = new SimpleStringProperty("");
    private final ObjectProperty<ForgetKind> forgetKind = new SimpleObjectProperty<>(ForgetKind.RANDOM);
    private final IntegerProperty forgetCount = new SimpleIntegerProperty(64);
    private final IntegerProperty forgetSeed = new SimpleIntegerProperty(0);
    private final StringProperty forgetAttribute = new SimpleStringProperty("");
    private final ObjectProperty<TargetKind> targetKind = new SimpleObjectProperty<>(TargetKind.RANDOM);
    private final StringProperty targetAttribute = new SimpleStringProperty("");

    public DataForm() {
        // CounterFact facts carry their own target (target_new), and a random other attribute rarely is one of a
        // fact's two candidates; so picking CounterFact suggests the data's own targets.
        source.addListener((obs, old, src) -> {
            if ((src == Source.COUNTERFACT || src == Source.BUNDLED_COUNTERFACT)
                    && targetKind.get() == TargetKind.RANDOM) {
                targetKind.set(TargetKind.DATA);
            }
        });
    }

    public ObjectProperty<Source> source() {
        return source;
    }

    public StringProperty dataFile() {
        return dataFile;
    }

    public StringProperty questionsFile() {
        return questionsFile;
    }

    public ObjectProperty<ForgetKind> forgetKind() {
        return forgetKind;
    }

    public IntegerProperty forgetCount() {
        return forgetCount;
    }

    public IntegerProperty forgetSeed() {
        return forgetSeed;
    }

    public StringProperty forgetAttribute() {
        return forgetAttribute;
    }

    public ObjectProperty<TargetKind> targetKind() {
        return targetKind;
    }

    public StringProperty targetAttribute() {
        return targetAttribute;
    }

    /**
     * {@code c} with this form's data, forget set and edit target; a LocusException says what in the form is wrong
     * (no file chosen, a count below 1, no attribute named).
     */
    public ExperimentConfig config(ExperimentConfig c) {
        String data;
        String questions = null;
        switch (source.get()) {
            case BUNDLED -> data = ExperimentConfig.DEMO;
            case BUNDLED_COUNTERFACT -> data = ExperimentConfig.DEMO_COUNTERFACT;
            case SPORTS_CSV -> data = requireFile(dataFile.get(), "a Sports Facts CSV file");
            default -> {
                data = requireFile(dataFile.get(), "a CounterFact JSON file");
                String q = questionsFile.get() == null ? "" : questionsFile.get().strip();
                questions = q.isEmpty() ? null : Path.of(q).toAbsolutePath().toString();
            }
        }
        // A format file is written for one kind of data; it goes when the data does.
        String formatFile = data.equals(c.data()) ? c.formatFile() : null;
        ForgetSpec forget = switch (forgetKind.get()) {
            case FIRST -> ForgetSpec.first(positive(forgetCount.get()));
            case RANDOM -> ForgetSpec.random(positive(forgetCount.get()), forgetSeed.get());
            case ATTRIBUTE -> {
                String a = forgetAttribute.get() == null ? "" : forgetAttribute.get().strip();
                if (a.isEmpty()) {
                    throw new LocusException("choose the attribute whose facts to forget (e.g. basketball)");
                }
                yield ForgetSpec.attribute(a);
            }
        };
        String target = targetKind.get().keyword;
        if (target == null) {
            target = targetAttribute.get() == null ? "" : targetAttribute.get().strip();
            if (target.isEmpty()) {
                throw new LocusException("name the attribute every forget fact is edited to (e.g. golf)");
            }
        }
        ExperimentConfig next = c.withData(data, questions, formatFile).withForget(forget, target);
        return formatFile == null ? FormatFit.fit(next, FormatFit.namesFor(data, questions)) : next;
    }

    /** Sets the form from {@code c} (at start, after a load, when a workspace replaces the config). */
    public void read(ExperimentConfig c) {
        if (c == null) {
            return;
        }
        if (ExperimentConfig.DEMO.equals(c.data())) {
            source.set(Source.BUNDLED);
        } else if (ExperimentConfig.DEMO_COUNTERFACT.equals(c.data())) {
            source.set(Source.BUNDLED_COUNTERFACT);
        } else {
            source.set(c.data().toLowerCase(Locale.ROOT).endsWith(".json") ? Source.COUNTERFACT : Source.SPORTS_CSV);
            dataFile.set(c.data());
        }
        questionsFile.set(c.questions() == null ? "" : c.questions());
        ForgetSpec spec = c.forget();
        if (spec instanceof ForgetSpec.First f) {
            forgetKind.set(ForgetKind.FIRST);
            forgetCount.set(f.n());
        } else if (spec instanceof ForgetSpec.RandomSample r) {
            forgetKind.set(ForgetKind.RANDOM);
            forgetCount.set(r.n());
            forgetSeed.set((int) r.seed());
        } else if (spec instanceof ForgetSpec.WithAttribute a) {
            forgetKind.set(ForgetKind.ATTRIBUTE);
            forgetAttribute.set(a.value());
        }
        String t = c.editTarget();
        TargetKind kind = TargetKind.NAMED;
        for (TargetKind k : TargetKind.values()) {
            if (t.equals(k.keyword)) {
                kind = k;
            }
        }
        targetKind.set(kind);
        if (kind == TargetKind.NAMED) {
            targetAttribute.set(t);
        }
    }

    private static String requireFile(String file, String what) {
        String f = file == null ? "" : file.strip();
        if (f.isEmpty()) {
            throw new LocusException("choose " + what + " first (Browse...)");
        }
        return Path.of(f).toAbsolutePath().toString();
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new LocusException("the forget set needs at least 1 fact, got " + n);
        }
        return n;
    }
}
