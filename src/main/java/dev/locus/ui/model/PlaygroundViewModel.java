package dev.locus.ui.model;

import dev.locus.core.LocusException;
import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.PromptFormat;
import dev.locus.model.LocusModel;
import dev.locus.model.TextTokenizer;
import dev.locus.ui.session.WorkbenchContext;
import dev.locus.ui.task.Job;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The prompt playground: a prompt, tokenized and run on the model thread, gives its tokens and the top-k next tokens
 * with their probabilities (softmax over the whole vocabulary). Until the user types, the prompt is the loaded
 * dataset's first fact in its standard format, so that the first Run shows the model knowing a fact.
 */
public final class PlaygroundViewModel {
    /** Most next tokens one run lists. */
    public static final int MAX_K = 50;

    /** One token of the prompt. */
    public record Token(int id, String text) {
    }

    /** One candidate next token. */
    public record Prediction(int rank, int id, String text, double probability) {
    }

    /** What one run found. */
    public record Result(String prompt, List<Token> tokens, List<Prediction> top) {
    }

    private final WorkbenchContext ctx;
    private final StringProperty prompt = new SimpleStringProperty("");
    private final IntegerProperty k = new SimpleIntegerProperty(10);
    private final ObjectProperty<Result> result = new SimpleObjectProperty<>();
    /** The true answer of the default prompt's fact, while the prompt is that default; else empty. */
    private final StringProperty expected = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private String defaultPrompt = "";
    private String defaultAnswer = "";

    public PlaygroundViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        ctx.session().dataset.addListener((obs, old, data) -> offerDefault(data));
        offerDefault(ctx.session().dataset.get());
        prompt.addListener((obs, old, text) -> expected.set(text.equals(defaultPrompt) ? defaultAnswer : ""));
        // A new model makes the old answer stale (another vocabulary).
        ctx.session().model.addListener((obs, old, m) -> result.set(null));
    }

    public StringProperty prompt() {
        return prompt;
    }

    public IntegerProperty k() {
        return k;
    }

    public ObjectProperty<Result> result() {
        return result;
    }

    public StringProperty expected() {
        return expected;
    }

    public ReadOnlyBooleanProperty running() {
        return running.getReadOnlyProperty();
    }

    /** Runs the prompt on the model thread; the result arrives in {@link #result()}. JavaFX thread. */
    public Job<Result> run() {
        LocusModel model = ctx.session().model.get();
        String text = prompt.get();
        int topK = Math.max(1, Math.min(MAX_K, k.get()));
        running.set(true);
        Job<Result> job = ctx.thread().submit("Run prompt", r -> {
            if (model == null) {
                throw new LocusException("no model is loaded yet; open one on the Model panel");
            }
            if (text == null || text.isBlank()) {
                throw new LocusException("the prompt is empty; type some text to run");
            }
            r.progress("running the prompt", 0, 1);
            return predict(model, text, topK);
        });
        job.setOnSucceeded(e -> {
            running.set(false);
            result.set(job.getValue());
        });
        job.setOnFailed(e -> running.set(false));
        job.setOnCancelled(e -> running.set(false));
        return job;
    }

    /** The prompt's tokens and the top {@code topK} next tokens; model thread. */
    static Result predict(LocusModel model, String text, int topK) {
        TextTokenizer tok = model.requireTokenizer();
        int[] ids = tok.encode(text);
        if (ids.length == 0) {
            throw new LocusException("the prompt has no tokens");
        }
        String[] pieces = tok.tokens(text);
        List<Token> tokens = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            tokens.add(new Token(ids[i], i < pieces.length ? pieces[i] : tok.decode(ids[i])));
        }
        float[] logits = model.logits(ids);
        int vocab = model.config().vocabSize();
        double[] probs = softmax(Arrays.copyOfRange(logits, (ids.length - 1) * vocab, ids.length * vocab));
        List<Prediction> top = new ArrayList<>(topK);
        for (int id : topIndices(probs, Math.min(topK, vocab))) {
            top.add(new Prediction(top.size() + 1, id, tok.decode(id), probs[id]));
        }
        return new Result(text, List.copyOf(tokens), List.copyOf(top));
    }

    static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Indices of the {@code n} largest values, largest first. */
    static int[] topIndices(double[] values, int n) {
        return java.util.stream.IntStream.range(0, values.length).boxed()
                .sorted((a, b) -> Double.compare(values[b], values[a])).limit(n).mapToInt(Integer::intValue).toArray();
    }

    /** Replaces the prompt with the dataset's first fact unless the user has typed their own. */
    private void offerDefault(Dataset data) {
        if (data == null || data.facts().isEmpty()) {
            return;
        }
        Fact fact = data.facts().get(0);
        PromptFormat format = data.formats().stream().filter(f -> f.name().equals("standard")).findFirst()
                .orElse(data.formats().stream().filter(f -> f.kind() == PromptFormat.Kind.COMPLETION).findFirst()
                        .orElse(null));
        if (format == null) {
            return;
        }
        try {
            var prompts = format.render(fact);
            if (prompts.isEmpty()) {
                return;
            }
            boolean untouched = prompt.get().isBlank() || prompt.get().equals(defaultPrompt);
            defaultPrompt = prompts.get(0).text();
            defaultAnswer = fact.attribute();
            if (untouched) {
                prompt.set(defaultPrompt);
            }
            expected.set(prompt.get().equals(defaultPrompt) ? defaultAnswer : "");
        } catch (LocusException e) {
            // A fact that does not fit its format only means no default prompt.
        }
    }
}
