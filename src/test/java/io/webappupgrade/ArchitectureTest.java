package io.webappupgrade;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package structure docs/architecture.md describes, checked on the compiled classes. */
@AnalyzeClasses(packages = "io.webappupgrade", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    /** No two packages (sub-packages count on their own: deployment vs deployment.local) use each other. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.webappupgrade.(**)")
            .should().beFreeOfCycles();

    /** Each layer uses only the layers docs/architecture.md lets it use. */
    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("Foundation").definedBy("io.webappupgrade.json..", "io.webappupgrade.version..",
                    "io.webappupgrade.values..", "io.webappupgrade.wait..", "io.webappupgrade.net..", "io.webappupgrade.lazy..",
                    "io.webappupgrade.traffic..", "io.webappupgrade.sampleapp..")
            .layer("Context").definedBy("io.webappupgrade.ctx..", "io.webappupgrade.logging..")
            .layer("Operations").definedBy("io.webappupgrade.webapp..", "io.webappupgrade.haproxy..")
            .layer("Manager").definedBy("io.webappupgrade.manager..")
            .layer("Catalogue").definedBy("io.webappupgrade.agent..")
            .layer("Port").definedBy("io.webappupgrade.deployment")
            .layer("Record").definedBy("io.webappupgrade.rollout.record..")
            .layer("Engine").definedBy("io.webappupgrade.rollout")
            .layer("Adapters").definedBy("io.webappupgrade.deployment.bridge..",
                    "io.webappupgrade.deployment.rest..", "io.webappupgrade.deployment.local..")
            .layer("Report").definedBy("io.webappupgrade.report..")
            .layer("Output").definedBy("io.webappupgrade.output..")
            .layer("Commands").definedBy("io.webappupgrade.cli..")
            .layer("Packaging").definedBy("io.webappupgrade.packaging..")
            .layer("Entry").definedBy("io.webappupgrade")
            .whereLayer("Entry").mayNotBeAccessedByAnyLayer()
            .whereLayer("Commands").mayOnlyBeAccessedByLayers("Entry")
            .whereLayer("Output").mayOnlyBeAccessedByLayers("Commands")
            .whereLayer("Report").mayOnlyBeAccessedByLayers("Commands")
            .whereLayer("Adapters").mayOnlyBeAccessedByLayers("Commands")
            .whereLayer("Engine").mayOnlyBeAccessedByLayers("Output", "Commands")
            .whereLayer("Record").mayOnlyBeAccessedByLayers("Engine", "Report", "Output", "Commands")
            .whereLayer("Port").mayOnlyBeAccessedByLayers("Engine", "Adapters", "Output", "Commands")
            .whereLayer("Catalogue").mayOnlyBeAccessedByLayers("Adapters", "Commands", "Entry")
            .whereLayer("Manager").mayOnlyBeAccessedByLayers("Adapters", "Commands")
            .whereLayer("Operations").mayOnlyBeAccessedByLayers("Catalogue", "Adapters", "Commands")
            .whereLayer("Context").mayOnlyBeAccessedByLayers("Operations", "Catalogue", "Adapters",
                    "Commands", "Entry")
            .whereLayer("Packaging").mayNotBeAccessedByAnyLayer();

    /** The two kinds of operation share a layer but not code: neither knows the other exists. */
    @ArchTest
    static final ArchRule webAppOperationsIgnoreHaproxy = noClasses().that().resideInAPackage("..webapp..")
            .should().dependOnClassesThat().resideInAPackage("..haproxy..");

    @ArchTest
    static final ArchRule haproxyOperationsIgnoreWebApps = noClasses().that().resideInAPackage("..haproxy..")
            .should().dependOnClassesThat().resideInAPackage("..webapp..");
}
