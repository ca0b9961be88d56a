package dev.locus.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of src/docs/architecture.md, kept true by the build. */
@AnalyzeClasses(packages = "dev.locus", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule javafxOnlyInUi = noClasses().that().resideOutsideOfPackage("dev.locus.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "org.jfree.chart.fx..");

    @ArchTest
    static final ArchRule nothingImportsUiOrCli = noClasses().that().resideInAPackage("dev.locus.(*)..")
            .and().resideOutsideOfPackages("dev.locus.ui..", "dev.locus.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.locus.ui..", "dev.locus.cli..");

    @ArchTest
    static final ArchRule uiAndCliStayApart = noClasses().that().resideInAPackage("dev.locus.ui..")
            .should().dependOnClassesThat().resideInAPackage("dev.locus.cli..");

    /** Every package, sub-packages each on their own: no two import each other, directly or around a loop. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.locus.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule modelImportsNothingOfOurs = noClasses().that().resideInAPackage("dev.locus.model..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.locus.data..", "dev.locus.train..",
                    "dev.locus.localize..", "dev.locus.edit..", "dev.locus.eval..", "dev.locus.experiment..",
                    "dev.locus.export..");

    @ArchTest
    static final ArchRule tensorsStayInTheTensorPackages = noClasses().that()
            .resideInAnyPackage("dev.locus.cli..", "dev.locus.ui..", "dev.locus.export..", "dev.locus.experiment..")
            .should().dependOnClassesThat().resideInAPackage("ai.djl.ndarray..");
}
