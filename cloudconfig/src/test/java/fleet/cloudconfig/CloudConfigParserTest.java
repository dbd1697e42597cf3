package fleet.cloudconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CloudConfigParserTest {
    private static final CloudConfigParser PARSER = new CloudConfigParser(
            new Placeholders(Map.of("private_ipv4", "10.0.0.5", "public_ipv4", "192.0.2.5")));

    private static CloudConfig parse(String body) {
        return PARSER.parse("#cloud-config\n" + body);
    }

    @Test
    void readsEverySupportedSection() {
        CloudConfig c = parse("""
                hostname: core-1
                write_files:
                  - path: /etc/motd
                    content: hi
                    permissions: '0600'
                    owner: core:core
                  - path: /etc/empty
                coreos:
                  etcd2:
                    name: m
                    advertise_client_urls: http://$private_ipv4:2379
                  fleet:
                    metadata: role=master
                    public_ip: $public_ipv4
                    engine_reconcile_interval: 1
                    disable_engine: false
                  units:
                    - name: fleet.service
                      enable: true
                      command: start
                      content: "[Service]\\nExecStart=/opt/fleet/bin/fleetd\\n"
                      drop_ins:
                        - name: 10-mem.conf
                          content: "[Service]\\nMemoryMax=64M\\n"
                    - name: tmp.mount
                      runtime: true
                      command: stop
                """);
        assertThat(c.hostname()).contains("core-1");
        assertThat(c.writeFiles()).containsExactly(
                new WriteFile("/etc/motd", "hi", 0600, Optional.of("core:core")),
                new WriteFile("/etc/empty", "", 0644, Optional.empty()));
        assertThat(c.etcd()).containsExactly(Map.entry("name", "m"), Map.entry("advertise_client_urls", "http://10.0.0.5:2379"));
        assertThat(c.fleet()).containsExactly(Map.entry("metadata", "role=master"), Map.entry("public_ip", "192.0.2.5"),
                Map.entry("engine_reconcile_interval", "1"), Map.entry("disable_engine", "false"));
        assertThat(c.units()).containsExactly(
                new UnitSpec("fleet.service", Optional.of("[Service]\nExecStart=/opt/fleet/bin/fleetd\n"), true, false,
                        Optional.of("start"), List.of(new DropIn("10-mem.conf", "[Service]\nMemoryMax=64M\n"))),
                new UnitSpec("tmp.mount", Optional.empty(), false, true, Optional.of("stop"), List.of()));
    }

    @Test
    void anEmptyDocumentAsksForNothing() {
        CloudConfig c = parse("");
        assertThat(c.hostname()).isEmpty();
        assertThat(c.writeFiles()).isEmpty();
        assertThat(c.fleet()).isEmpty();
        assertThat(c.units()).isEmpty();
    }

    @Test
    void otherDollarWordsStayAsTheyAre() {
        CloudConfig c = parse("""
                coreos:
                  units:
                    - name: a.service
                      content: "ExecReload=/bin/kill -HUP $MAINPID $foo"
                """);
        assertThat(c.units().get(0).content()).contains("ExecReload=/bin/kill -HUP $MAINPID $foo");
    }

    @Test
    void fleetOverridesReplaceAndAdd() {
        CloudConfig c = parse("coreos:\n  fleet:\n    metadata: role=node\n    etcd_servers: http://x:2379\n")
                .withFleetOverrides(Map.of("etcd_servers", "http://127.0.12.254:2379", "agent_ttl", "5s"));
        assertThat(c.fleet()).containsEntry("metadata", "role=node").containsEntry("etcd_servers", "http://127.0.12.254:2379")
                .containsEntry("agent_ttl", "5s");
        assertThatThrownBy(() -> c.withFleetOverrides(Map.of("colour", "red")))
                .hasMessageContaining("--fleet colour: 'colour' is not an option fleetd reads");
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of("users:\n  - name: core\n", "'users' is not supported", "user accounts"),
                Arguments.of("ssh_authorized_keys:\n  - ssh-ed25519 AAAA\n", "'ssh_authorized_keys' is not supported", "refused rather than skipped"),
                Arguments.of("manage_etc_hosts: localhost\n", "'manage_etc_hosts' is not supported", "/etc/hosts"),
                Arguments.of("runcmd: [ls]\n", "'runcmd' is not supported", "supported here: coreos, hostname, write_files"),
                Arguments.of("coreos:\n  update:\n    reboot_strategy: off\n", "'coreos.update' is not supported", "updates"),
                Arguments.of("coreos:\n  flannel:\n    interface: eth1\n", "'coreos.flannel' is not supported", "overlay network"),
                Arguments.of("coreos:\n  locksmith:\n    group: a\n", "'coreos.locksmith' is not supported", "reboot"),
                Arguments.of("coreos:\n  etcd:\n    name: a\n", "'coreos.etcd' is not supported", "coreos.etcd2"),
                Arguments.of("coreos:\n  oem:\n    id: x\n", "'coreos.oem' is not supported", "OEM"),
                Arguments.of("coreos:\n  fleet:\n    colour: red\n", "coreos.fleet.colour: 'colour' is not an option fleetd reads", "etcd_servers"),
                Arguments.of("coreos:\n  fleet:\n    metadata: [a, b]\n", "coreos.fleet.metadata: expected a single value, got a list", ""),
                Arguments.of("coreos:\n  fleet: on\n", "coreos.fleet: expected a mapping of keys, got a boolean", ""),
                Arguments.of("coreos:\n  etcd2:\n    Name: a\n", "coreos.etcd2.Name: option names are lower case", ""),
                Arguments.of("coreos:\n  units:\n    - name: a.service\n      mask: true\n", "'coreos.units[0].mask' is not supported", "supported here: command, content, drop_ins"),
                Arguments.of("coreos:\n  units:\n    - content: x\n", "coreos.units[0].name: required", ""),
                Arguments.of("coreos:\n  units:\n    - name: fleet\n", "coreos.units[0].name: 'fleet' is not a systemd unit name", ""),
                Arguments.of("coreos:\n  units:\n    - name: ../x.service\n", "is not a systemd unit name", ""),
                Arguments.of("coreos:\n  units:\n    - name: a.service\n      command: reload-or-restart\n", "coreos.units[0].command: 'reload-or-restart' is not supported", "start, stop, restart"),
                Arguments.of("coreos:\n  units:\n    - name: a.service\n      enable: yes please\n", "coreos.units[0].enable: expected true or false, got text 'yes please'", ""),
                Arguments.of("coreos:\n  units:\n    - name: a.service\n      drop_ins:\n        - name: x.txt\n          content: y\n", "coreos.units[0].drop_ins[0].name: 'x.txt' is not a drop-in name", ""),
                Arguments.of("coreos:\n  units:\n    - name: a.service\n      drop_ins:\n        - name: x.conf\n", "coreos.units[0].drop_ins[0].content: required", ""),
                Arguments.of("coreos:\n  units: a.service\n", "coreos.units: expected a list, got text", ""),
                Arguments.of("write_files:\n  - path: /etc/x\n    encoding: b64\n    content: aGk=\n", "write_files[0].encoding: 'b64' is not supported", "only plain"),
                Arguments.of("write_files:\n  - path: /etc/x\n    encoding: gzip\n", "'gzip' is not supported", ""),
                Arguments.of("write_files:\n  - path: /etc/x\n    append: true\n", "'write_files[0].append' is not supported", ""),
                Arguments.of("write_files:\n  - path: etc/x\n", "write_files[0].path: 'etc/x' must be an absolute path", ""),
                Arguments.of("write_files:\n  - path: /etc/../../x\n", "must be a plain file path", ""),
                Arguments.of("write_files:\n  - path: /etc/x/\n", "must be a plain file path", ""),
                Arguments.of("write_files:\n  - content: x\n", "write_files[0].path: required", ""),
                Arguments.of("write_files:\n  - path: /etc/x\n    permissions: 0644\n", "write the mode as quoted octal text", ""),
                Arguments.of("write_files:\n  - path: /etc/x\n    permissions: '0888'\n", "'0888' is not an octal mode", ""),
                Arguments.of("write_files:\n  - path: /etc/x\n    permissions: '4755'\n", "setuid/setgid/sticky are refused", ""),
                Arguments.of("write_files:\n  - path: /etc/x\n    content: [1]\n", "write_files[0].content: expected text, got a list", ""),
                Arguments.of("hostname: bad_name\n", "hostname: 'bad_name' is not a host name", ""),
                Arguments.of("hostname: -a\n", "is not a host name", ""),
                Arguments.of("hostname: a\nhostname: b\n", "not valid YAML", "Duplicate"),
                Arguments.of("- a\n- b\n", "the document: expected a mapping of keys, got a list", ""),
                Arguments.of("hostname: [\n", "not valid YAML", "line"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refusals")
    void refuses(String body, String message, String alsoSays) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(CloudConfigException.class)
                .hasMessageContaining(message).hasMessageContaining(alsoSays);
    }

    @Test
    void refusesAFileWithoutTheHeader() {
        assertThatThrownBy(() -> PARSER.parse("hostname: a\n"))
                .hasMessage("the first line must be '#cloud-config' (got 'hostname: a')");
        assertThatThrownBy(() -> PARSER.parse("#!/bin/sh\necho hi\n")).hasMessageContaining("got '#!/bin/sh'");
    }

    @Test
    void aPlaceholderWithoutValueIsAnError() {
        CloudConfigParser noVars = new CloudConfigParser(new Placeholders(Map.of()));
        assertThatThrownBy(() -> noVars.parse("#cloud-config\ncoreos:\n  fleet:\n    public_ip: $public_ipv4\n"))
                .hasMessage("the file uses $public_ipv4 but no value was given (--var public_ipv4=ADDRESS)");
    }
}
