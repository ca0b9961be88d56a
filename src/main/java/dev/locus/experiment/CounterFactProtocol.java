package dev.locus.experiment;

import dev.locus.data.Dataset;
import dev.locus.data.Fact;
import dev.locus.data.Prompt;
import dev.locus.data.PromptFormat;
import dev.locus.data.files.CounterFactJson;
import dev.locus.eval.FormatScorer;
import dev.locus.experiment.config.EvaluationSettings;
import dev.locus.model.LocusModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's CounterFact evaluation protocol (src/docs/paper.md §1.3, §5), applied to CounterFact data only: keep the
 * facts the loaded model knows (full-vocabulary P(true answer's first token) at least
 * {@link EvaluationSettings#minCorrectProbability} in the edit format), hold out the last
 * {@link EvaluationSettings#mcqShotPool} of them as the pool of solved questions, and put
 * {@link EvaluationSettings#mcqShots} of those before every multiple-choice question. The pool's facts are neither
 * edited, maintained nor evaluated ({@link #withoutPool}).
 */
final class CounterFactProtocol {
    private CounterFactProtocol() {
    }

    /** Whether data is CounterFact (its facts carry CounterFact's own prompt): only then the protocol applies. */
    static boolean applies(Dataset data) {
        return data.facts().stream().anyMatch(f -> !f.prompts(CounterFactJson.PROMPT).isEmpty());
    }

    /** Whether shots are drawn, so that a pool is held out: CounterFact data with a choice format and shots. */
    static boolean holdsPool(Dataset data, EvaluationSettings e) {
        return e.mcqShots() > 0 && applies(data)
                && data.formats().stream().anyMatch(f -> f.kind() == PromptFormat.Kind.CHOICE);
    }

    /** The few-shot pool: the data's last facts, or none when no shots are drawn. */
    static List<Fact> pool(Dataset data, EvaluationSettings e) {
        if (!holdsPool(data, e)) {
            return List.of();
        }
        List<Fact> facts = data.facts();
        if (facts.size() <= e.mcqShotPool()) {
            throw new dev.locus.core.LocusException("evaluation.mcq_shot_pool: holds out the last " + e.mcqShotPool()
                    + " facts as the few-shot pool, but the data has only " + facts.size()
                    + " (after the P(correct) filter); lower mcq_shot_pool or set mcq_shots to 0");
        }
        return facts.subList(facts.size() - e.mcqShotPool(), facts.size());
    }

    /** The data without its few-shot pool, what forget and maintain sets are chosen from. */
    static Dataset withoutPool(Dataset data, EvaluationSettings e) {
        List<Fact> pool = pool(data, e);
        if (pool.isEmpty()) {
            return data;
        }
        return new Dataset(data.name(), data.facts().subList(0, data.facts().size() - pool.size()), data.formats());
    }

    /**
     * The facts of data the model knows: full-vocabulary P(true answer's first token) in {@code format} at least
     * {@code min} (a fact with several prompts in the format counts by its first).
     */
    static Dataset known(LocusModel model, Dataset data, PromptFormat format, double min) {
        if (min <= 0) {
            return data;
        }
        List<Prompt> prompts = new ArrayList<>();
        List<Fact> asked = new ArrayList<>();
        for (Fact f : data.facts()) {
            List<Prompt> rendered = format.render(f);
            if (!rendered.isEmpty()) {
                prompts.add(rendered.get(0));
                asked.add(f);
            }
        }
        double[][] p = new FormatScorer(model).vocabularyProbabilities(prompts);
        List<Fact> kept = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            if (p[i][prompts.get(i).correct()] >= min) {
                kept.add(asked.get(i));
            }
        }
        if (kept.isEmpty()) {
            throw new dev.locus.core.LocusException("evaluation.min_correct_probability: the model gives no fact of "
                    + data.name() + " a probability of at least " + min + " for its true answer; lower it or check"
                    + " that model and data belong together");
        }
        return new Dataset(data.name(), kept, data.formats());
    }

    /**
     * The run's inputs under the protocol on {@code model}: the known facts, and each choice format (and the edit
     * format when it is one) with its n-shot prefix from the pool. Says what it kept through {@code recorder}.
     */
    static RunInputs prepare(RunInputs in, LocusModel model, EvaluationSettings e, RunRecorder recorder) {
        if (!applies(in.data())) {
            return in;
        }
        Dataset known = known(model, in.data(), in.editFormat(), e.minCorrectProbability());
        List<Fact> pool = pool(known, e);
        recorder.dataNote("facts_read", in.data().facts().size());
        recorder.dataNote("facts_known", known.facts().size());
        recorder.dataNote("shot_pool", pool.size());
        recorder.note("CounterFact: " + known.facts().size() + " of " + in.data().facts().size() + " facts have"
                + " P(correct) >= " + e.minCorrectProbability() + " under the model; "
                + (pool.isEmpty() ? "no few-shot pool" : "the last " + pool.size() + " are the few-shot pool"));
        List<PromptFormat> dataFormats = known.formats().stream().map(f -> shots(f, pool, e)).toList();
        List<PromptFormat> formats = in.formats().stream().map(f -> shots(f, pool, e)).toList();
        return new RunInputs(in.modelFolder(), known.withFormats(dataFormats), formats, shots(in.editFormat(), pool, e),
                in.questions(), in.generalTrain(), in.generalEval());
    }

    private static PromptFormat shots(PromptFormat f, List<Fact> pool, EvaluationSettings e) {
        return f.kind() == PromptFormat.Kind.CHOICE ? f.withShots(pool, e.mcqShots(), f.seed()) : f;
    }
}
