package dev.locus.cli;

import dev.locus.model.MemoryBudget;
import dev.locus.model.budget.Estimate;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** `locus plan --markdown`: one row per edit method, its training stages' peaks, and whether the largest fits. */
final class PlanTables {
    private PlanTables() {
    }

    static void markdown(PrintWriter out, List<Estimate> rows, List<Long> sizes, long overhead, boolean gpu) {
        Map<String, Map<String, Estimate>> byMethod = new LinkedHashMap<>();
        for (Estimate e : rows) {
            if (!e.method().isEmpty() && !e.stage().equals("localize")) {
                byMethod.computeIfAbsent(e.method(), m -> new LinkedHashMap<>()).put(e.stage(), e);
            }
        }
        StringBuilder head = new StringBuilder("| method | trained parameters | edit | relearn | soft prompt | largest |");
        StringBuilder rule = new StringBuilder("|---|---:|---:|---:|---:|---:|");
        for (long size : sizes) {
            head.append(" fits ").append(size < 0 ? "?" : MemoryBudget.size(size)).append(gpu ? " GPU" : "").append(" |");
            rule.append(":---:|");
        }
        out.println(head);
        out.println(rule);
        byMethod.forEach((method, stages) -> {
            Estimate largest = stages.values().stream().max(java.util.Comparator.comparingLong(Estimate::peakBytes))
                    .orElseThrow();
            StringBuilder row = new StringBuilder("| " + method + " | ");
            row.append(String.format(java.util.Locale.ROOT, "%.2fB", stages.get("edit").trainedParameters() / 1e9));
            for (String stage : List.of("edit", "relearn", "soft-prompt")) {
                Estimate e = stages.get(stage);
                row.append(" | ").append(e == null ? "-" : MemoryBudget.size(e.peakBytes()));
            }
            row.append(" | ").append(MemoryBudget.size(largest.peakBytes())).append(" |");
            for (long size : sizes) {
                row.append(size < 0 ? " ? |" : largest.peakBytes() + overhead <= size ? " yes |" : " no |");
            }
            out.println(row);
        });
    }
}
