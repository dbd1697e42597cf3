package fleet.cloudconfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies a {@link CloudConfig} the way CoreOS's cloudinit did, except that it only writes files:
 * the systemctl and hostname commands come back as data for the caller to run (on a host, or
 * inside a lab machine through nsenter). Order: hostname, write_files, the coreos.fleet and
 * coreos.etcd2 drop-ins, unit files and their drop-ins; then daemon-reload, then per unit enable and
 * its command.
 */
public final class Applier {
    public static final String FLEET_UNIT = "fleet.service";
    /** Flatcar's etcd unit, which reads ETCD_* variables (CoreOS's etcd2.service did the same). */
    public static final String ETCD_UNIT = "etcd-member.service";
    private static final String RUN = "/run/systemd/system";

    private final RootFiles files;
    private final Set<String> skippedUnits;
    private final List<String> written = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /** @param skippedUnits units whose files and commands are left out (the lab skips etcd-member.service) */
    public Applier(Path root, Set<String> skippedUnits) {
        this.files = new RootFiles(root);
        this.skippedUnits = Set.copyOf(skippedUnits);
    }

    public ApplyResult apply(CloudConfig config) {
        // rendered before anything is written: a value that cannot be an environment variable writes nothing
        String fleetEnv = EnvironmentDropIn.content("FLEET_", config.fleet());
        String etcdEnv = EnvironmentDropIn.content("ETCD_", config.etcd());
        List<HostCommand> commands = new ArrayList<>();
        config.hostname().ifPresent(h -> {
            write("/etc/hostname", h + "\n", 0644);
            commands.add(new HostCommand(List.of("hostname", h), "hostname: " + h));
        });
        for (WriteFile f : config.writeFiles()) {
            f.owner().ifPresent(o -> notes.add(f.path() + ": owner '" + o + "' ignored (files belong to the applier's user)"));
            write(f.path(), f.content(), f.permissions());
        }
        int before = written.size();
        environment(FLEET_UNIT, fleetEnv, !config.fleet().isEmpty(), "coreos.fleet");
        environment(ETCD_UNIT, etcdEnv, !config.etcd().isEmpty(), "coreos.etcd2");
        List<HostCommand> unitCommands = new ArrayList<>();
        for (UnitSpec u : config.units()) {
            if (skippedUnits.contains(u.name())) {
                notes.add(u.name() + ": skipped (--skip-unit)");
                continue;
            }
            u.content().ifPresent(c -> write(u.directory() + "/" + u.name(), c, 0644));
            u.dropIns().forEach(d -> write(u.directory() + "/" + u.name() + ".d/" + d.name(), d.content(), 0644));
            if (u.enable()) {
                unitCommands.add(HostCommand.systemctl("coreos.units " + u.name() + ": enable", "enable", u.name()));
            }
            u.command().ifPresent(c -> unitCommands.add(HostCommand.systemctl("coreos.units " + u.name() + ": command " + c, c, u.name())));
        }
        if (written.size() > before) {
            commands.add(HostCommand.systemctl("unit files or drop-ins were written", "daemon-reload"));
        }
        commands.addAll(unitCommands);
        return new ApplyResult(written, commands, notes);
    }

    private void environment(String unit, String content, boolean wanted, String section) {
        if (!wanted) {
            return;
        }
        if (skippedUnits.contains(unit)) {
            notes.add(section + ": not written, " + unit + " is skipped (--skip-unit)");
            return;
        }
        write(RUN + "/" + unit + ".d/" + EnvironmentDropIn.NAME, content, 0644);
    }

    private void write(String path, String content, int mode) {
        files.write(path, content, mode);
        written.add(path);
    }
}
