package fleet.cloudconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Vagrant cannot run here; this checks what can be checked without it. */
class VagrantfileTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path VAGRANTFILE = REPO.resolve("vagrant/Vagrantfile");

    @Test
    void everyCloudConfigItProvisionsExistsAndParses() throws IOException {
        String text = Files.readString(VAGRANTFILE);
        Matcher m = Pattern.compile("provision\\(\\w+\\.vm, \"[^\"]+\", \"([^\"]+)\"").matcher(text);
        int found = 0;
        while (m.find()) {
            found++;
            Path file = REPO.resolve("cloud-config").resolve(m.group(1));
            assertThat(file).isRegularFile();
            new CloudConfigParser(new Placeholders(java.util.Map.of("private_ipv4", "172.17.8.101",
                    "public_ipv4", "172.17.8.101", "master_ipv4", "172.17.8.101"))).parse(Files.readString(file));
        }
        assertThat(found).as("provision(...) calls for the master and the nodes").isEqualTo(2);
        assertThat(text).contains("/bin/cloud-config-apply\" apply --root /",
                "/var/lib/fleet/fleet.tar.gz"); // where fleet-install.service in the cloud-configs looks
    }

    @Test
    void withKubernetesEachVmAppliesItsPkiFragmentAndKubernetesYamlBeforeItsFleetCloudConfig() throws IOException {
        String text = Files.readString(VAGRANTFILE);
        assertThat(REPO.resolve("cloud-config/kubernetes.yaml")).isRegularFile();
        assertThat(text).contains("File.join(KUBE_PKI, \"hosts\", \"#{hostname}.yaml\")");
        int fragment = text.indexOf("files << fragment << File.join(REPO, \"cloud-config\", \"kubernetes.yaml\")");
        int fleet = text.indexOf("files << File.join(REPO, \"cloud-config\", user_data)");
        assertThat(fragment).isPositive().isLessThan(fleet);
        // the master runs etcd, fleetd and the control plane
        assertThat(text).containsPattern("define \"master\"[\\s\\S]*vb\\.memory = 2048[\\s\\S]*vb\\.cpus = 2[\\s\\S]*define \"node");
    }

    @Test
    void isValidRuby() throws IOException, InterruptedException {
        // bin/setup installs ruby, so CI (FLEET_TEST_REQUIRE_ALL=1) fails rather than skips without it
        if ("1".equals(System.getenv("FLEET_TEST_REQUIRE_ALL"))) {
            assertThat(onPath("ruby")).as("ruby on PATH (bin/setup installs it)").isTrue();
        }
        assumeTrue(onPath("ruby"), "ruby is not installed: Vagrantfile syntax not checked");
        Process p = new ProcessBuilder("ruby", "-c", VAGRANTFILE.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Syntax OK");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
