package fleet.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.cluster.FleetApiClient;
import fleet.testing.FleetLab;
import fleet.testing.LabExtension;
import fleet.testing.LabMachine;
import fleet.testing.TestEnv;

/**
 * Fleet and the guestbook of units/examples on an etcd that speaks only TLS and lets in only
 * certificates of its CA (fleet-lab up --etcd-tls): three machines' fleetd register and schedule
 * through it, the app's units reach it with fleetd's certificates (fleet-host-env), an entry
 * written through one frontend is read through the other, and a frontend whose machine is killed
 * runs on another machine with its sidekick. Smaller than GuestbookIT: one replica, two frontends.
 */
@Tag("lab")
class GuestbookOnTlsEtcdIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).withFleetd().etcdTls()
            .metadata(1, "role=db").metadata(2, "role=web").metadata(3, "role=web");

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(60));
    static final String CERTS = "/etc/fleet/etcd/";
    static final Map<String, String> UNITS = Map.of(
            "redis-primary.service", "redis-primary.service",
            "redis-replica@1.service", "redis-replica@.service",
            "guestbook@1.service", "guestbook@.service",
            "guestbook@2.service", "guestbook@.service",
            "guestbook-announce@1.service", "guestbook-announce@.service",
            "guestbook-announce@2.service", "guestbook-announce@.service");

    static Guestbook app;
    static String endpoint;

    @BeforeAll
    static void installAppOnEveryMachine() throws Exception {
        endpoint = lab.etcdEndpoint();
        FleetApiClient api = new FleetApiClient(lab.machine(1).ip(), 49153);
        app = new Guestbook(lab, api, GuestbookOnTlsEtcdIT::etcdValue, UNITS);
        app.installOnEveryMachine();
        api.awaitMachines(lab.machines().size(), WAIT);
    }

    static Optional<String> etcdValue(String key) throws Exception {
        FleetLab.Result r = lab.etcdctl("--command-timeout=3s", "get", "--print-value-only", key);
        if (!r.ok()) {
            throw new AssertionError("etcdctl get " + key + ": " + r.output());
        }
        String value = r.output().strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** etcdctl in machine m1 with the lab's CA, and with its client certificate when {@code withCertificate}. */
    static FleetLab.Result etcdctlInMachine(boolean withCertificate, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("env", "ETCDCTL_API=3", "etcdctl", "--endpoints=" + endpoint,
                "--cacert=" + CERTS + "ca.crt", "--dial-timeout=2s", "--command-timeout=3s"));
        if (withCertificate) {
            cmd.addAll(List.of("--cert=" + CERTS + "client.crt", "--key=" + CERTS + "client.key"));
        }
        cmd.addAll(List.of(args));
        return lab.machine(1).exec(cmd.toArray(String[]::new));
    }

    @Test
    void etcdRefusesPlainHttpAndClientsWithoutTheLabsCertificate() throws Exception {
        assertThat(endpoint).startsWith("https://127.0.0.1:").doesNotContain(",");
        assertThat(lab.machine(1).file("/etc/fleet/fleet.conf")).content()
                .contains("etcd_servers=" + endpoint, "etcd_cafile=" + CERTS + "ca.crt",
                        "etcd_certfile=" + CERTS + "client.crt", "etcd_keyfile=" + CERTS + "client.key");
        FleetLab.Result withCert = etcdctlInMachine(true, "get", "--keys-only", "--prefix", "/_coreos.com/fleet/machines/");
        assertThat(withCert.exitCode()).as(withCert.output()).isZero();
        assertThat(withCert.output()).as("every fleetd registered through TLS").contains(lab.machine(1).machineId());

        FleetLab.Result noCert = etcdctlInMachine(false, "get", "/_coreos.com/fleet/machines/");
        assertThat(noCert.exitCode()).as("no client certificate: " + noCert.output()).isNotZero();
        FleetLab.Result plain = lab.machine(1).exec("curl", "-sS", "--max-time", "3",
                endpoint.replace("https://", "http://") + "/version");
        assertThat(plain.exitCode()).as("plain HTTP: " + plain.output()).isNotZero();
        FleetLab.Result tlsNoCert = lab.machine(1).exec("curl", "-sS", "--max-time", "3", "--cacert", CERTS + "ca.crt",
                endpoint + "/v3/kv/range", "-d", "{\"key\":\"Lw==\"}");
        assertThat(tlsNoCert.exitCode()).as("https without a client certificate: " + tlsNoCert.output()).isNotZero();
    }

    @Test
    void theGuestbookRunsAndAKilledMachinesFrontendRunsElsewhere() throws Exception {
        Guestbook.Frontend written = app.launchAndWrite(2, lab.machine(1), "hello over TLS etcd", WAIT);
        // read through the other frontend (of 1 and 2), on another machine
        String otherFrontend = etcdValue("/guestbook/frontends/" + (3 - written.n())).orElseThrow();
        assertThat(otherFrontend).isNotEqualTo(written.url());
        app.explainedRun(() -> await().atMost(WAIT).ignoreExceptions().untilAsserted(
                () -> assertThat(Guestbook.entries(otherFrontend)).contains("hello over TLS etcd")));

        LabMachine victim = app.machineOf("guestbook@" + written.n() + ".service").orElseThrow();
        lab.kill(victim);
        app.awaitMovedOff(written.n(), victim, "hello over TLS etcd", WAIT);
    }
}
