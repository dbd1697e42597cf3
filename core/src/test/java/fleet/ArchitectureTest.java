package fleet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The pure core (units, constraints, scheduler) does no I/O and knows nothing of etcd, Vert.x or D-Bus. */
@AnalyzeClasses(packages = "fleet", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] CORE = {"fleet.unit..", "fleet.constraint..", "fleet.schedule.."};

    @ArchTest
    static final ArchRule coreUsesNoInfrastructure = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().resideInAnyPackage("io.etcd..", "io.vertx..", "org.freedesktop..",
                    "java.net..", "java.nio.file..", "java.nio.channels..", "io.netty..", "io.grpc..")
            .because("the core is pure: snapshots in, decisions out (docs/architecture.md)");

    @ArchTest
    static final ArchRule coreTouchesNoFiles = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat().haveFullyQualifiedName("java.io.File")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileInputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.FileOutputStream")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("java.io.RandomAccessFile")
            .because("the core does no I/O");

    @ArchTest
    static final ArchRule coreReadsNoWallClock = noClasses().that().resideInAnyPackage(CORE)
            .should().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .because("time comes from an injected java.time.Clock");
}
