package fleet.cloudconfig;

import java.util.List;
import java.util.Optional;

/**
 * One {@code coreos.units} entry. Without content the unit must already exist on the host (the
 * entry then only enables it or runs its command); {@code runtime} puts files under /run, as CoreOS did.
 */
public record UnitSpec(String name, Optional<String> content, boolean enable, boolean runtime,
                       Optional<String> command, List<DropIn> dropIns) {

    /** The systemctl verbs a unit entry may ask for. */
    public static final List<String> COMMANDS = List.of("start", "stop", "restart");

    public UnitSpec {
        dropIns = List.copyOf(dropIns);
    }

    public String directory() {
        return runtime ? "/run/systemd/system" : "/etc/systemd/system";
    }
}
