package fleet.cloudconfig;

import java.util.Map;

/** Why well-known CoreOS cloud-config keys are refused, so the message says what to do instead. */
final class Refusals {
    private static final Map<String, String> WHY = Map.ofEntries(
            Map.entry("users", "user accounts belong to the image or its provisioning"),
            Map.entry("ssh_authorized_keys", "keys belong to the image or its provisioning; refused rather than skipped so no one relies on them"),
            Map.entry("manage_etc_hosts", "/etc/hosts is left to the image"),
            Map.entry("coreos.update", "updates and reboots are the OS's business"),
            Map.entry("coreos.locksmith", "reboot coordination is the OS's business"),
            Map.entry("coreos.flannel", "no overlay network is set up; use a unit in coreos.units"),
            Map.entry("coreos.etcd", "etcd 0.4 is gone; use coreos.etcd2"),
            Map.entry("coreos.oem", "OEM data belongs to the image"));

    private Refusals() {
    }

    static String why(String key) {
        String why = WHY.get(key);
        return why == null ? "" : ": " + why;
    }
}
