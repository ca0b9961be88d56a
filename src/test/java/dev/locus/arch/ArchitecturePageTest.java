package dev.locus.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The table "Packages and what may import what" of src/docs/architecture.md is the rule: every package of ours is in
 * it, and each imports only the packages its row names ({@code x..}: x and its sub-packages; every {@code ui} package
 * also anything outside {@code ui} and {@code cli}).
 */
class ArchitecturePageTest {
    private static final String ROOT = "dev.locus.";
    private static final Pattern ROW = Pattern.compile("^\\| `([\\w.]+)` \\|[^|]*\\| ([^|]*) \\|$");
    private static final Pattern NAME = Pattern.compile("`([\\w.]+)`");

    private static Map<String, List<String>> allowed;
    private static JavaClasses classes;

    @BeforeAll
    static void read() throws IOException {
        allowed = table(Files.readString(Path.of("src/docs/architecture.md")));
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.locus");
    }

    /** package (without "dev.locus.") to the names in its row's last column. */
    static Map<String, List<String>> table(String page) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String section = page.substring(page.indexOf("## Packages and what may import what"));
        for (String line : section.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                List<String> names = new ArrayList<>();
                Matcher n = NAME.matcher(m.group(2));
                while (n.find()) {
                    names.add(n.group(1));
                }
                out.put(m.group(1), names);
            }
        }
        return out;
    }

    @Test
    void everyPackageHasARow() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : classes) {
            if (c.getPackageName().startsWith(ROOT)) {
                packages.add(c.getPackageName().substring(ROOT.length()));
            }
        }
        Set<String> missing = new TreeSet<>(packages);
        missing.removeAll(allowed.keySet());
        assertEquals(Set.of(), missing, "packages missing from the architecture page's table");
        Set<String> gone = new TreeSet<>(allowed.keySet());
        gone.removeAll(packages);
        assertEquals(Set.of(), gone, "rows of the architecture page's table for packages that do not exist");
    }

    @Test
    void everyPackageImportsOnlyWhatItsRowAllows() {
        assertTrue(allowed.size() > 30, "the table was not found or not read: " + allowed.keySet());
        Set<String> violations = new TreeSet<>();
        for (JavaClass c : classes) {
            String from = relative(c.getPackageName());
            if (from == null || !allowed.containsKey(from)) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = relative(d.getTargetClass().getPackageName());
                if (to != null && !to.equals(from) && !allows(from, to)) {
                    violations.add(from + " -> " + to + " (" + c.getSimpleName() + " uses "
                            + d.getTargetClass().getSimpleName() + ")");
                }
            }
        }
        assertEquals(Set.of(), violations, "imports the architecture page does not allow");
    }

    @Test
    void theTableIsReadAsWritten() {
        Map<String, List<String>> t = table("## Packages and what may import what\n\n| package | job | may import |\n"
                + "|---|---|---|\n| `core` | errors | nothing |\n| `edit` | edits | `core`, `model..`, `train` |\n");
        assertEquals(Map.of("core", List.of(), "edit", List.of("core", "model..", "train")), t);
        assertTrue(allows("edit", "model.config"), "model.. covers model's sub-packages");
        assertTrue(!allows("edit", "localize") && !allows("edit", "modelx"), "and nothing else");
    }

    private static boolean allows(String from, String to) {
        if (from.equals("ui") || from.startsWith("ui.")) {
            if (!to.equals("ui") && !to.startsWith("ui.") && !to.equals("cli") && !to.startsWith("cli.")) {
                return true;
            }
        }
        for (String a : allowed.get(from)) {
            String base = a.endsWith("..") ? a.substring(0, a.length() - 2) : a;
            if (to.equals(base) || a.endsWith("..") && to.startsWith(base + ".")) {
                return true;
            }
        }
        return false;
    }

    private static String relative(String pkg) {
        if (pkg.equals("dev.locus")) {
            return "";
        }
        return pkg.startsWith(ROOT) ? pkg.substring(ROOT.length()) : null;
    }
}
