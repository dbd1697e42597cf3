package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import fleet.cloudconfig.Applier;
import fleet.cloudconfig.CloudConfigParser;
import fleet.cloudconfig.Placeholders;
import fleet.testing.FleetLab;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;

/**
 * etcd behind TLS as make-pki sets it up for the master: its certificates and its etcd-member
 * drop-in, applied from the master's cloud-config into a lab machine, run Debian's etcd as user
 * etcd. Only certificates of the etcd CA get in: flannel's, the API server's and fleetd's do; an
 * admin certificate of the Kubernetes CA, no certificate, and plain HTTP do not.
 */
@Tag("lab")
class KubernetesEtcdTlsIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(1);

    static final String PKI = "/etc/kubernetes/pki/";

    @TempDir
    static Path out;
    static LabMachine m;
    static String endpoint;

    @BeforeAll
    static void etcdFromTheMastersCloudConfig() throws Exception {
        m = lab.machine(1);
        String script = ShippedUnits.folder("kubernetes").resolve("pki/make-pki").toString();
        Command.ok(out, script, "--out", out.toString(), "--master", "m1=" + m.ip(), "--node", "n1=10.0.0.2");
        new Applier(m.root(), Set.of()).apply(new CloudConfigParser(new Placeholders(Map.of()))
                .parse(Files.readString(out.resolve("hosts/m1.yaml"))));
        // Flatcar's etcd-member runs etcd in a container that sees /etc/ssl/etcd at /etc/ssl/certs
        for (String f : List.of("etcd-ca.crt", "etcd-server.crt", "etcd-server.key")) {
            KubernetesHost.ok(m, "ln", "-sf", "/etc/ssl/etcd/" + f, "/etc/ssl/certs/" + f);
        }
        endpoint = "https://" + m.ip() + ":23790";
        m.writeFile("/run/systemd/system/etcd-tls.service", String.join("\n",
                "[Service]", "User=etcd", "StateDirectory=etcd-tls", "ExecStart=/usr/bin/etcd",
                "Environment=ETCD_NAME=m1 ETCD_DATA_DIR=/var/lib/etcd-tls",
                "Environment=ETCD_LISTEN_PEER_URLS=http://" + m.ip() + ":23800 ETCD_INITIAL_ADVERTISE_PEER_URLS=http://" + m.ip() + ":23800",
                "Environment=ETCD_INITIAL_CLUSTER=m1=http://" + m.ip() + ":23800", ""));
        Path dropIns = m.file("/run/systemd/system/etcd-tls.service.d");
        Files.createDirectories(dropIns);
        Files.copy(m.file("/etc/systemd/system/etcd-member.service.d/30-tls.conf"), dropIns.resolve("30-tls.conf"));
        // the lab shares the build host's network: the machine's own address, not 0.0.0.0:2379
        Files.writeString(dropIns.resolve("40-lab.conf"), "[Service]\nEnvironment=ETCD_LISTEN_CLIENT_URLS=" + endpoint
                + " ETCD_ADVERTISE_CLIENT_URLS=" + endpoint + "\n");
        KubernetesHost.ok(m, "systemctl", "daemon-reload");
        KubernetesHost.ok(m, "systemctl", "start", "etcd-tls.service");
        await().atMost(KubernetesHost.WAIT).until(() -> etcdctl("etcd/flanneld-client", "endpoint", "health").exitCode() == 0);
    }

    /** etcdctl on the machine with the etcd CA and the client certificate {@code cert} (under /etc/kubernetes/pki), or none. */
    static FleetLab.Result etcdctl(String cert, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("env", "ETCDCTL_API=3", "etcdctl", "--endpoints=" + endpoint,
                "--cacert=" + PKI + "etcd/ca.crt", "--dial-timeout=3s", "--command-timeout=5s"));
        if (cert != null) {
            cmd.addAll(List.of("--cert=" + PKI + cert + ".crt", "--key=" + PKI + cert + ".key"));
        }
        cmd.addAll(List.of(args));
        return m.exec(cmd.toArray(String[]::new));
    }

    @Test
    void theKeyWasHandedToUserEtcdAndTheClientPortIsTlsWithClientCertificates() throws Exception {
        assertThat(KubernetesHost.ok(m, "stat", "-c", "%U %a", "/etc/ssl/etcd/etcd-server.key").output().trim()).isEqualTo("etcd 600");
        assertThat(KubernetesHost.ok(m, "systemctl", "show", "-p", "User", "--value", "etcd-tls.service").output().trim()).isEqualTo("etcd");
        FleetLab.Result plain = m.exec("curl", "-sS", "--max-time", "5", "http://" + m.ip() + ":23790/version");
        assertThat(plain.exitCode()).as(plain.output()).isNotZero();
    }

    @Test
    void flannelWritesAndTheApiServerAndFleetdReadWithTheirEtcdCertificates() throws Exception {
        String network = "{\"Network\":\"10.244.0.0/16\",\"Backend\":{\"Type\":\"vxlan\"}}";
        FleetLab.Result put = etcdctl("etcd/flanneld-client", "put", "/coreos.com/network/config", network);
        assertThat(put.exitCode()).as(put.output()).isZero();
        for (String reader : List.of("etcd/apiserver-client", "etcd/fleet-client")) {
            FleetLab.Result get = etcdctl(reader, "get", "--print-value-only", "/coreos.com/network/config");
            assertThat(get.exitCode()).as(reader + ": " + get.output()).isZero();
            assertThat(get.output().trim()).as(reader).isEqualTo(network);
        }
    }

    @Test
    void fleetdConfiguredByTheTlsDropInRegistersItsMachineInTheTlsEtcd() throws Exception {
        Path repo = ShippedUnits.folder("kubernetes").getParent().getParent();
        m.writeFile("/etc/systemd/system/fleet.service", Files.readString(repo.resolve("fleetd/dist/fleet.service")));
        // the work tree's fleetd (the machine sees it through its overlay), and etcd's lab address;
        // FLEET_ETCD_CAFILE, _CERTFILE and _KEYFILE come from make-pki's 30-etcd-tls.conf
        m.writeFile("/etc/systemd/system/fleet.service.d/40-lab.conf", "[Service]\nExecStart=\nExecStart=" + repo.resolve("bin/fleetd")
                + "\nEnvironment=FLEET_ETCD_SERVERS=" + endpoint + "\n");
        KubernetesHost.ok(m, "systemctl", "daemon-reload");
        KubernetesHost.ok(m, "systemctl", "start", "fleet.service");
        try {
            await().atMost(KubernetesHost.WAIT).untilAsserted(() -> assertThat(
                    etcdctl("etcd/fleet-client", "get", "--prefix", "--keys-only", "/_coreos.com/fleet/machines/").output())
                    .contains(m.machineId()));
        } finally {
            m.exec("systemctl", "stop", "fleet.service");
        }
        assertThat(KubernetesHost.ok(m, "systemctl", "show", "-p", "Environment", "--value", "fleet.service").output())
                .contains("FLEET_ETCD_CERTFILE=/etc/kubernetes/pki/etcd/fleet-client.crt");
    }

    @Test
    void certificatesOfOtherCasAndNoCertificateAreRefused() throws Exception {
        // the master holds the admin kubeconfig's certificate only embedded: use the PKI's copy
        m.writeFile(PKI + "test-admin.crt", Files.readString(out.resolve("pki/admin.crt")));
        m.writeFile(PKI + "test-admin.key", Files.readString(out.resolve("pki/admin.key")));
        assertThat(etcdctl("etcd/fleet-client", "get", "/coreos.com/network/config").exitCode()).as("etcd answers").isZero();
        for (String cert : new String[] {"test-admin", "apiserver-kubelet-client", null}) {
            FleetLab.Result r = etcdctl(cert, "get", "/coreos.com/network/config");
            assertThat(r.exitCode()).as(cert + ": " + r.output()).isNotZero();
        }
    }
}
