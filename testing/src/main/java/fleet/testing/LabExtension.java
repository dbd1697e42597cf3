package fleet.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Boots a lab of real systemd machines (and the lab's etcd) for one test class, through the
 * project's own {@code bin/fleet-lab}, and tears it down after the class. Use as a static field:
 * {@code @RegisterExtension static LabExtension lab = LabExtension.machines(2).metadata(1, "role=web");}
 * Tag such classes {@code @Tag("lab")}. They are skipped (failed when FLEET_TEST_REQUIRE_ALL=1) when
 * not run as root or when this kernel refuses the namespaces a machine needs.
 */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback {
    private boolean withFleetd;
    private boolean withCloudConfig;
    private boolean demo;
    private boolean withDistribution;
    private Path distribution;
    private String bootOutput = "";
    private final int count;
    private int etcdMembers = 1;
    private boolean etcdTls;
    private final Map<Integer, String> metadata = new TreeMap<>();
    private FleetLab lab;
    private List<LabMachine> machines = List.of();
    private Thread shutdownHook;

    private LabExtension(int count) {
        if (count < 1 || count > 20) {
            throw new IllegalArgumentException("a test lab has 1..20 machines, not " + count);
        }
        this.count = count;
    }

    public static LabExtension machines(int count) {
        return new LabExtension(count);
    }

    /**
     * The main job itself: {@code fleet-lab demo}, which boots the machines it wants from
     * cloud-config and starts the guestbook of units/examples. {@link #bootOutput()} is what it
     * printed; {@link #machines()} are the machines it booted.
     */
    public static LabExtension demo() {
        LabExtension ext = new LabExtension(1); // the count is unused: the demo boots its own
        ext.demo = true;
        return ext;
    }

    /** What {@code fleet-lab up} (or {@code demo}) printed. */
    public String bootOutput() {
        return bootOutput;
    }

    /** Runs the work tree's fleetd in every machine as fleet.service (fleet-lab up --with-fleetd). */
    public LabExtension withFleetd() {
        this.withFleetd = true;
        return this;
    }

    /**
     * Boots from cloud-config/ as VMs do: {@code dist/build --no-maven} makes the distribution from
     * the jars this build made, and each machine's fleet-install.service unpacks it into /opt/fleet
     * (FLEET_LAB_DIST), so fleetd runs on the bundled Java runtime.
     */
    public LabExtension withDistribution() {
        this.withCloudConfig = true;
        this.withDistribution = true;
        return this;
    }

    /** The tarball dist/build made, with {@link #withDistribution()}. */
    public Path distribution() {
        return distribution;
    }

    /** Boots fleetd from cloud-config/ (m1 master.yaml, the others node.yaml): fleet-lab up --cloud-config. */
    public LabExtension withCloudConfig() {
        this.withCloudConfig = true;
        return this;
    }

    /** fleet-lab with this lab's state dir, for commands the extension does not wrap. */
    public FleetLab lab() {
        return lab;
    }

    /** Metadata ({@code k=v,...}) of machine {@code index} (1-based). */
    /**
     * The lab's etcd on https with client-certificate auth (fleet-lab up --etcd-tls): every machine
     * gets the lab's CA and client certificate in /etc/fleet/etcd/ and fleet.conf's etcd_cafile,
     * etcd_certfile and etcd_keyfile name them.
     */
    public LabExtension etcdTls() {
        this.etcdTls = true;
        return this;
    }

    /** A cluster of {@code members} etcd members instead of one; every fleetd gets all their endpoints. */
    public LabExtension etcdMembers(int members) {
        this.etcdMembers = members;
        return this;
    }

    public LabExtension metadata(int index, String value) {
        metadata.put(index, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        TestEnv.require(LabPrerequisites.isRoot(), "root (lab machines need mount and PID namespaces)");
        TestEnv.require(LabPrerequisites.namespacesAvailable(), "Linux PID/mount/UTS/cgroup namespaces (unshare)");
        Path repo = FleetLab.findRepoRoot();
        Path base = Files.createDirectories(Path.of("target", "lab").toAbsolutePath());
        lab = new FleetLab(repo, Files.createTempDirectory(base, context.getRequiredTestClass().getSimpleName() + "-"));
        if (withDistribution) {
            distribution = Distribution.build(repo).tarball();
            lab.setEnv("FLEET_LAB_DIST", distribution.toString());
        }
        List<String> up = new ArrayList<>(List.of("up", "--machines", Integer.toString(count)));
        metadata.forEach((i, v) -> up.addAll(List.of("--metadata", i + "=" + v)));
        if (withFleetd) {
            up.add("--with-fleetd");
        }
        if (withCloudConfig) {
            up.add("--cloud-config");
        }
        if (etcdMembers != 1) {
            up.addAll(List.of("--etcd-members", Integer.toString(etcdMembers)));
        }
        if (etcdTls) {
            up.add("--etcd-tls");
        }
        // a test JVM killed before afterAll must not leave machines running
        shutdownHook = new Thread(this::down, "lab-down");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        bootOutput = lab.runOrFail(demo ? List.of("demo") : up).output();
        machines = lab.machines(demo ? lab.machineCount() : count);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (lab == null) {
            return;
        }
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
        lab.runOrFail(List.of("down"));
        lab = null;
    }

    private void down() {
        try {
            if (lab != null) {
                lab.run(List.of("down"));
            }
        } catch (IOException e) {
            System.err.println("lab down failed: " + e.getMessage());
        }
    }

    public List<LabMachine> machines() {
        return machines;
    }

    /** Machine {@code index}, 1-based like its name (m1, m2, ...). */
    public LabMachine machine(int index) {
        return machines.get(index - 1);
    }

    public String etcdEndpoint() throws IOException {
        return lab.etcdEndpoint();
    }

    /** {@code fleet-lab etcdctl ARGS}: etcdctl v3 on the host against the lab's etcd, with its certificates under TLS. */
    public FleetLab.Result etcdctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("etcdctl"));
        cmd.addAll(List.of(args));
        return lab.run(cmd);
    }

    /** One etcd member (1-based): {@code kill} (-9, its data stays), {@code start}, {@code pause}, {@code resume}. */
    public void etcdMember(int member, String what) throws IOException {
        lab.runOrFail(List.of("etcd", Integer.toString(member), what));
    }

    /** Cuts the machine off from etcd, the other machines and the host (lab/net.sh). */
    public void partition(LabMachine m) throws IOException {
        lab.runOrFail(List.of("partition", m.name()));
    }

    public void heal(LabMachine m) throws IOException {
        lab.runOrFail(List.of("heal", m.name()));
    }

    /** Power loss: kill -9 of the machine's systemd; its whole namespace dies. */
    public void kill(LabMachine m) throws IOException {
        lab.runOrFail(List.of("kill", m.name()));
    }

    /** A hung host: SIGSTOP to every process of the machine. */
    public void freeze(LabMachine m) throws IOException {
        lab.runOrFail(List.of("freeze", m.name()));
    }

    public void thaw(LabMachine m) throws IOException {
        lab.runOrFail(List.of("thaw", m.name()));
    }
}
