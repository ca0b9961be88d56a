package dev.locus.model.io;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The file layer stays plain Java: DJL aborts on BF16 and caps arrays at 2 GB, which is why this layer exists. */
class IoPackageRulesTest {
    @Test
    void ioUsesNeitherDjlNorTheGui() {
        JavaClasses io = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.locus.model.io");
        noClasses().should().dependOnClassesThat().resideInAnyPackage("ai.djl..", "javafx..", "org.jfree..")
                .check(io);
    }
}
