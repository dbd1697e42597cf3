package fleet.cloudconfig;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The applier writes files under a root and returns host commands as data; it runs nothing itself
 * (bin/cloud-config-apply does, on the host), and it stands alone: no fleetd code on its path.
 */
@AnalyzeClasses(packages = "fleet.cloudconfig", importOptions = ImportOption.DoNotIncludeTests.class)
class CloudConfigLayeringTest {

    @ArchTest
    static final ArchRule runsNoProcess = noClasses().should().dependOnClassesThat()
            .haveFullyQualifiedName(ProcessBuilder.class.getName())
            .orShould().callMethod(Runtime.class, "exec", String.class)
            .because("host commands are data (HostCommand), run by bin/cloud-config-apply");

    @ArchTest
    static final ArchRule standsAlone = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("fleet.registry..", "fleet.engine..", "fleet.agent..", "fleet.api..", "fleet.systemd..",
                    "fleet.fleetd..", "io.etcd..", "io.vertx..", "org.freedesktop..")
            .because("cloud-config runs before fleetd exists on the host");

    @ArchTest
    static final ArchRule filesOnlyUnderTheRoot = noClasses().that().doNotHaveSimpleName("RootFiles")
            .and().doNotHaveSimpleName("Main")
            .should().callMethod(java.nio.file.Files.class, "write", java.nio.file.Path.class, byte[].class,
                    java.nio.file.OpenOption[].class)
            .orShould().callMethod(java.nio.file.Files.class, "writeString", java.nio.file.Path.class,
                    CharSequence.class, java.nio.file.OpenOption[].class)
            .because("every file is written under the target root, through RootFiles");
}
