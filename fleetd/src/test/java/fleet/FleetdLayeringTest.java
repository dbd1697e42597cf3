package fleet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * fleetd's layering (docs/architecture.md): etcd behind the registry, D-Bus behind fleet.systemd,
 * each loop holding only its own port, threads made in one place, and no package cycles.
 */
@AnalyzeClasses(packages = "fleet", importOptions = ImportOption.DoNotIncludeTests.class)
class FleetdLayeringTest {

    @ArchTest
    static final ArchRule etcdOnlyInTheRegistry = noClasses().that().resideOutsideOfPackage("fleet.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("io.etcd..", "io.grpc..")
            .because("fleet.registry is the one adapter to etcd; everyone else holds a port");

    @ArchTest
    static final ArchRule dbusOnlyInSystemd = noClasses().that().resideOutsideOfPackage("fleet.systemd..")
            .should().dependOnClassesThat().resideInAnyPackage("org.freedesktop..")
            .because("fleet.systemd is the one adapter to systemd's D-Bus API");

    @ArchTest
    static final ArchRule apiHoldsOnlyTheCatalog = noClasses().that().resideInAPackage("fleet.api..")
            .should().dependOnClassesThat().haveSimpleNameEndingWith("EngineStore")
            .orShould().dependOnClassesThat().haveSimpleName("AgentStore")
            .orShould().dependOnClassesThat().haveSimpleName("EtcdRegistry")
            .orShould().dependOnClassesThat().haveSimpleName("PlacementOp")
            .orShould().dependOnClassesThat().haveSimpleName("EngineLeadership")
            .because("the API reaches the engine's keys only through UnitCatalog, which reads them");

    @ArchTest
    static final ArchRule loopsHoldOnlyTheirPort = noClasses().that().resideInAnyPackage("fleet.engine..", "fleet.agent..")
            .should().dependOnClassesThat().haveSimpleName("EtcdRegistry")
            .orShould().dependOnClassesThat().haveSimpleName("UnitCatalog")
            .because("the engine holds an EngineStore, the agent an AgentStore");

    @ArchTest
    static final ArchRule threadsMadeByTheLoopPrimitive = noClasses().that().resideOutsideOfPackages("fleet.loop..",
                    "fleet.fleetd..")
            .should().callConstructor(java.util.concurrent.ScheduledThreadPoolExecutor.class, int.class,
                    java.util.concurrent.ThreadFactory.class)
            .orShould().callMethod(java.util.concurrent.Executors.class, "newSingleThreadScheduledExecutor",
                    java.util.concurrent.ThreadFactory.class)
            .orShould().callMethod(java.util.concurrent.Executors.class, "newSingleThreadExecutor",
                    java.util.concurrent.ThreadFactory.class)
            .because("every background loop runs on a fleet.loop.LoopThread (one thread, injected clock)");

    @ArchTest
    static final ArchRule loopsReadNoWallClock = noClasses().that().resideInAnyPackage("fleet.engine..", "fleet.agent..",
                    "fleet.registry..")
            .should().callMethod(System.class, "nanoTime")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .because("time comes from the loop thread's clock, so that tests run the loops in simulated time");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("fleet.(*)..").should().beFreeOfCycles();
}
