package fleet.schema;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The wire types stay plain records that fleetctl can load without pulling in anything heavy. */
@AnalyzeClasses(packages = "fleet.schema", importOptions = ImportOption.DoNotIncludeTests.class)
class SchemaPurityTest {
    @ArchTest
    static final ArchRule onlyJdkAndJacksonAnnotations = classes().that().resideInAPackage("fleet.schema..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("fleet.schema..", "java.lang..", "java.util..",
                    "com.fasterxml.jackson.annotation..")
            .because("fleetd and fleetctl share these types; fleetctl's cold start is measured (docs/architecture.md)");
}
