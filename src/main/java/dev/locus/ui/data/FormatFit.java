package dev.locus.ui.data;

import dev.locus.data.Formats;
import dev.locus.data.PromptFormat;
import dev.locus.experiment.config.ExperimentConfig;
import dev.locus.experiment.config.LocalizationSettings;
import dev.locus.experiment.config.RelearnSettings;
import java.util.List;

/**
 * Keeps a config's format names valid when its data changes kind: Sports World's formats are standard/mcq/qa,
 * CounterFact's prompt/paraphrase/neighborhood(/mcq), so a config switched from one to the other would name formats
 * its new dataset lacks and fail only when a run starts. Names that still exist are kept.
 */
final class FormatFit {
    private FormatFit() {
    }

    /** The format names a dataset from {@code data} (with {@code questions}) will have, without a format file. */
    static List<String> namesFor(String data, String questions) {
        if (ExperimentConfig.DEMO_COUNTERFACT.equals(data)) {
            return Formats.counterFactWithMcq().stream().map(PromptFormat::name).toList(); // same names, own mcq
        }
        boolean counterFact = data != null && data.toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        List<PromptFormat> formats = !counterFact ? Formats.sports()
                : questions == null ? Formats.counterFact() : Formats.counterFactWithMcq();
        return formats.stream().map(PromptFormat::name).toList();
    }

    /** {@code config} with its edit, evaluation, localization and relearning formats among {@code names}. */
    static ExperimentConfig fit(ExperimentConfig config, List<String> names) {
        if (names.isEmpty()) {
            return config;
        }
        String first = names.get(0); // the standard completion format of either kind
        String edit = names.contains(config.editFormat()) ? config.editFormat() : first;
        List<String> evaluated = config.formats().stream().filter(names::contains).toList();
        LocalizationSettings l = config.localization();
        LocalizationSettings loc = names.contains(l.format()) ? l : l.withFormat(first);
        RelearnSettings r = config.relearn();
        List<String> relearnFormats = r.formats().stream().filter(names::contains).toList();
        RelearnSettings relearn = relearnFormats.size() == r.formats().size() ? r : new RelearnSettings(r.enabled(),
                r.mode(), r.rank(), r.alpha(), r.lr(), r.steps(), r.evalEvery(), r.batch(),
                relearnFormats.isEmpty() ? List.of(first) : relearnFormats, r.dropout(), r.clip(), r.microBatch());
        if (edit.equals(config.editFormat()) && evaluated.size() == config.formats().size() && loc == l && relearn == r) {
            return config;
        }
        // ExperimentConfig has no wither for the format fields; its canonical constructor takes every field.
        ExperimentConfig c = config;
        return new ExperimentConfig(c.name(), c.description(), c.model(), c.data(), c.questions(), c.formatFile(),
                evaluated, edit, c.forget(), c.editTarget(), c.seeds(), c.methods(), loc, c.edit(), c.methodEdit(),
                c.evaluation(), relearn, c.probes(), c.figures(), c.masks(), c.softPrompt());
    }
}
