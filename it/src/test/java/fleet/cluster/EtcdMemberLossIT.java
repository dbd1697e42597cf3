package fleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import fleet.testing.DamageCount;
import fleet.testing.LabExtension;
import fleet.testing.TestEnv;
import fleet.unit.UnitFile;

/**
 * etcd as a CoreOS cluster ran it: 3 members, every fleetd given all three endpoints. Losing one
 * member (kill -9) changes nothing for the units, and the cluster keeps scheduling; the member
 * rejoins with its data.
 */
@Tag("lab")
class EtcdMemberLossIT {
    @RegisterExtension
    static LabExtension lab = LabExtension.machines(3).etcdMembers(3).withFleetd();

    static final Duration WAIT = TestEnv.scaled(Duration.ofSeconds(30));
    static final String SLEEPER = "[Service]\nExecStart=/bin/sleep infinity\n";

    @Test
    void losingOneOfThreeMembersMovesAndRestartsNothingAndSchedulingGoesOn() throws Exception {
        assertThat(lab.etcdEndpoint().split(",")).as("every member's endpoint").hasSize(3);
        FleetApiClient api = new FleetApiClient(lab.machine(1).ip(), 49153);
        api.awaitMachines(3, WAIT);
        for (int i = 1; i <= 6; i++) {
            assertThat(api.put("member-" + i + ".service", UnitFile.parse(SLEEPER), "launched")).isEqualTo(201);
        }
        DamageCount damage = new DamageCount(lab.machines(), "member-*");
        await().atMost(WAIT).ignoreExceptions().until(() -> damage.baseline().size() == 6);

        for (int member = 1; member <= 3; member++) {
            lab.etcdMember(member, "kill");
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos(); // past agent_ttl (5 s)
            while (System.nanoTime() < until) {
                damage.sample();
                Thread.sleep(500);
            }
            String unit = "after-loss-" + member + ".service";
            assertThat(api.put(unit, UnitFile.parse(SLEEPER), "launched")).as("the API writes with a member down")
                    .isEqualTo(201);
            await().atMost(WAIT).ignoreExceptions().until(() -> api.states().stream()
                    .anyMatch(s -> s.get("name").equals(unit) && s.get("active").equals("active")));
            lab.etcdMember(member, "start");
            String endpoint = lab.etcdEndpoint().split(",")[member - 1];
            await().atMost(WAIT).until(() -> healthy(endpoint)); // before the next one goes: keep the quorum
        }
        damage.sample();
        System.out.println("each of 3 etcd members killed in turn: " + damage);
        assertThat(damage.harm()).as("units moved, restarted, duplicated or lost").isEmpty();
    }

    static boolean healthy(String endpoint) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("etcdctl", "--endpoints", endpoint, "--command-timeout=1s",
                "endpoint", "health").redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
