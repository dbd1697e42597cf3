package fleet.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** fleetctl's layering: the entry point on the commands, the commands on the API client, never back. */
@AnalyzeClasses(packages = "fleet.cli", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** "fleet.(**)" and not "fleet.cli.(**)": the classes of fleet.cli itself must be a slice too. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("fleet.(**)").should().beFreeOfCycles()
            .because("a package cycle makes the two packages one (docs/architecture.md, fleetctl)");

    @ArchTest
    static final ArchRule clientKnowsNoCommands = noClasses()
            .that().resideInAnyPackage("fleet.cli.api..", "fleet.cli.http..", "fleet.cli.output..")
            .should().dependOnClassesThat().resideInAnyPackage("picocli..", "fleet.cli.command..")
            .because("the HTTP client and the table writer serve any command and are tested without picocli");
}
