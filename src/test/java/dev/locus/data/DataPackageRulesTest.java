package dev.locus.data;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The data layer is plain Java with Jackson, and of ours it uses only core (errors, JSON fields) and model (files). */
class DataPackageRulesTest {
    @Test
    void dataUsesOnlyTheJdkJacksonAndModel() {
        JavaClasses data = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.locus.data");
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("dev.locus.data..", "dev.locus.core..",
                "dev.locus.model..", "java..", "com.fasterxml.jackson..").check(data);
    }
}
