package fleet.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fleet.config.ConfigLoader;
import fleet.config.FleetConfig;
import fleet.testing.Distribution;
import fleet.testing.TestEnv;
import fleet.units.Command;

/**
 * The Debian package dist/build makes, read with dpkg-deb as dpkg will read it (control fields,
 * conffiles, files with owners, modes and link targets) and checked by lintian.
 */
class DebPackageIT {
    static Path deb;
    static List<Entry> entries;

    /** One line of {@code dpkg-deb -c}: mode, owner/group, path without "./", link target if a link. */
    record Entry(String mode, String owner, String path, String linkTarget) {
        static final Pattern LINE = Pattern.compile("(\\S+) (\\S+)\\s+\\d+ \\S+ \\S+ \\./(\\S*?)(?: -> (\\S+))?");

        static Entry parse(String line) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a dpkg-deb -c line: " + line);
            }
            return new Entry(m.group(1), m.group(2), "/" + m.group(3), m.group(4));
        }
    }

    @BeforeAll
    static void build() throws Exception {
        TestEnv.require(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")), "dpkg-deb (Debian's dpkg)");
        deb = Distribution.build().debPackage();
        entries = dpkgDeb("-c").lines().map(Entry::parse).toList();
    }

    @Test
    void controlNamesThePackageItsVersionAndWhatItNeeds() throws Exception {
        String version = Files.readString(Distribution.build().tarball().getParent().resolve("fleet-dist/VERSION")).strip();
        assertThat(field("Package")).isEqualTo("fleet");
        // 0.1.0-SNAPSHOT -> 0.1.0~snapshot: a snapshot sorts before its release
        assertThat(field("Version")).isEqualTo(version.toLowerCase().replace('-', '~'));
        assertThat(deb.getFileName().toString()).isEqualTo("fleet_" + field("Version") + "_" + field("Architecture") + ".deb");
        assertThat(field("Depends").split(",\\s*")).anyMatch(d -> d.startsWith("libc6 ("))
                .anyMatch(d -> d.startsWith("zlib1g")).contains("adduser").anyMatch(d -> d.startsWith("init-system-helpers"))
                .noneMatch(d -> d.startsWith("libx11") || d.startsWith("libasound"));
        assertThat(field("Maintainer")).matches(".+ <[^@ ]+@[^@ ]+>");
        assertThat(Long.parseLong(field("Installed-Size"))).isGreaterThan(10_000);
        assertThat(dpkgDeb("-I", "conffiles").lines().toList()).containsExactly("/etc/fleet/fleet.conf");
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertThat(dpkgDeb("-I", script)).as(script).startsWith("#!/bin/sh\n").contains("set -e");
        }
    }

    @Test
    void theRuntimeIsUnderOptFleetAndTheProgramsOnPath() {
        assertThat(entries).extracting(Entry::path).contains("/opt/fleet/runtime/bin/java", "/opt/fleet/bin/fleetd",
                "/opt/fleet/bin/fleetctl", "/opt/fleet/lib/fleetd-cds", "/lib/systemd/system/fleet.service",
                "/etc/fleet/fleet.conf", "/usr/share/doc/fleet/copyright", "/usr/share/doc/fleet/changelog.gz",
                "/usr/share/man/man1/fleetctl.1.gz", "/usr/share/man/man8/fleetd.8.gz",
                "/usr/share/lintian/overrides/fleet");
        assertThat(entry("/usr/bin/fleetd").linkTarget()).isEqualTo("/opt/fleet/bin/fleetd");
        assertThat(entry("/usr/bin/fleetctl").linkTarget()).isEqualTo("/opt/fleet/bin/fleetctl");
        assertThat(entries).allSatisfy(e -> assertThat(e.owner()).as(e.path()).isEqualTo("root/root"));
        assertThat(entry("/opt/fleet/runtime/bin/java").mode()).isEqualTo("-rwxr-xr-x");
        assertThat(entry("/etc/fleet/fleet.conf").mode()).isEqualTo("-rw-r--r--");
        // written in place by postinst, never shipped: it is valid only for the installed jars
        assertThat(entries).extracting(Entry::path).noneMatch(p -> p.endsWith(".jsa"))
                // the X11/sound natives of java.desktop, whose libraries Depends leaves out
                .doesNotContain("/opt/fleet/runtime/lib/libawt_xawt.so", "/opt/fleet/runtime/lib/libjsound.so")
                .noneMatch(p -> p.startsWith("/opt/fleet/cloud-config"));
    }

    @Test
    void theUnitRunsFleetdAsGroupFleetWithoutTheTarballsInstaller(@TempDir Path dir) throws Exception {
        Command.ok(dir, "dpkg-deb", "-x", deb.toString(), dir.toString());
        String unit = Files.readString(dir.resolve("lib/systemd/system/fleet.service"));
        assertThat(unit).contains("\nExecStart=/opt/fleet/bin/fleetd\n", "\nGroup=fleet\n", "\nWantedBy=multi-user.target\n")
                .doesNotContain("fleet-install");
        assertThat(Files.readSymbolicLink(dir.resolve("usr/bin/fleetctl"))).isEqualTo(Path.of("/opt/fleet/bin/fleetctl"));
        // fleetd reads the shipped conffile as it is: every option commented, so fleet's defaults
        Path conf = dir.resolve("etc/fleet/fleet.conf");
        FleetConfig c = new ConfigLoader(conf, Map.of(), Path.of("/proc/net/route")).load(Optional.of(conf));
        assertThat(c.etcdServers()).containsExactly(URI.create("http://127.0.0.1:2379"));
        assertThat(c.apiSocket()).isEqualTo(Path.of("/var/run/fleet.sock"));
        assertThat(Files.readString(conf)).contains("#etcd_servers=", "#public_ip=", "#metadata=");
    }

    @Test
    void lintianFindsNothingAndEveryOverrideSaysWhy() throws Exception {
        TestEnv.require(Files.isExecutable(Path.of("/usr/bin/lintian")), "lintian (bin/setup installs it)");
        Command r = Command.run(deb.getParent(), "lintian", "--fail-on", "error,warning", deb.toString());
        assertThat(r.output().lines().filter(l -> l.matches("^[EWIX]: .*"))).as(r.output()).isEmpty();
        assertThat(r.exitCode()).as(r.output()).isZero();
        List<String> overrides = Files.readAllLines(deb.getParent().getParent().resolve("dist/deb/lintian-overrides"));
        for (int i = 0; i < overrides.size(); i++) {
            if (overrides.get(i).startsWith("fleet: ")) {
                assertThat(overrides.get(i - 1)).as("the line above override '%s'", overrides.get(i))
                        .matches("^(# .+|fleet: .+)$");
            }
        }
    }

    private static Entry entry(String path) {
        return entries.stream().filter(e -> e.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError(path + " is not in the package"));
    }

    private static String field(String name) throws Exception {
        return dpkgDeb("-f", name).strip();
    }

    /** {@code dpkg-deb OPTION PACKAGE [ARGS...]}, e.g. {@code -f PACKAGE Version}. */
    private static String dpkgDeb(String option, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dpkg-deb", option, deb.toString()));
        cmd.addAll(List.of(args));
        return Command.ok(deb.getParent(), cmd.toArray(String[]::new));
    }
}
