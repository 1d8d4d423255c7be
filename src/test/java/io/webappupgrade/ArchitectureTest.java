package io.webappupgrade;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package structure, checked on the compiled classes. */
@AnalyzeClasses(packages = "io.webappupgrade", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** No two packages (sub-packages count on their own: deployment vs deployment.local) use each other. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.webappupgrade.(**)")
            .should().beFreeOfCycles();
}
