package fleet.cli.command;

import fleet.cli.api.FleetApi;
import fleet.cli.api.UnitEntities;
import fleet.schema.MachineEntity;
import fleet.schema.UnitEntity;
import fleet.unit.UnitName;
import java.util.List;
import java.util.Optional;

/** Finds the machine {@code fleetctl ssh} connects to: a machine ID (or unique prefix), or a unit's machine. */
final class SshTarget {
    enum Kind { ANY, MACHINE, UNIT }

    private final FleetApi api;

    SshTarget(FleetApi api) {
        this.api = api;
    }

    /** The machine's public IP; a {@link CliException} when there is no single placed machine to reach. */
    String address(String arg, Kind kind) {
        MachineEntity machine = switch (kind) {
            case MACHINE -> machineByPrefix(arg).orElseThrow(() -> unknownMachine(arg));
            case UNIT -> unitMachine(arg).orElseThrow(() -> CliException.error("unit " + unitName(arg) + " not found"));
            case ANY -> either(arg);
        };
        if (machine.primaryIP() == null || machine.primaryIP().isEmpty()) {
            throw CliException.error("machine " + machine.id() + " has no public IP");
        }
        return machine.primaryIP();
    }

    private MachineEntity either(String arg) {
        Optional<MachineEntity> machine = machineByPrefix(arg);
        Optional<MachineEntity> unitMachine = UnitName.isValid(unitName(arg)) ? unitMachine(arg) : Optional.empty();
        if (machine.isPresent() && unitMachine.isPresent()) {
            throw CliException.error("ambiguous argument " + arg + ": it names machine " + machine.get().id()
                    + " and unit " + unitName(arg) + "; use --machine or --unit");
        }
        return machine.or(() -> unitMachine).orElseThrow(
                () -> CliException.error("no machine or unit found for " + arg));
    }

    private Optional<MachineEntity> machineByPrefix(String prefix) {
        List<MachineEntity> matches = api.listMachines().stream().filter(m -> m.id().startsWith(prefix)).toList();
        Optional<MachineEntity> exact = matches.stream().filter(m -> m.id().equals(prefix)).findFirst();
        if (exact.isPresent() || matches.size() <= 1) {
            return exact.or(() -> matches.stream().findFirst());
        }
        throw CliException.error("machine prefix " + prefix + " is ambiguous: it matches "
                + String.join(", ", matches.stream().map(MachineEntity::id).toList()));
    }

    /** Empty when the unit does not exist; an error when it exists but has no single machine. */
    private Optional<MachineEntity> unitMachine(String arg) {
        String name = unitName(arg);
        Optional<UnitEntity> unit = api.getUnit(name);
        if (unit.isEmpty()) {
            return Optional.empty();
        }
        if (UnitEntities.isGlobal(unit.get())) {
            throw CliException.error("unit " + name + " is global: it runs on many machines; name a machine");
        }
        String id = placement(unit.get());
        if (id == null) {
            throw CliException.error("unit " + name + " is not placed on any machine");
        }
        return Optional.of(api.listMachines().stream().filter(m -> m.id().equals(id)).findFirst()
                .orElseThrow(() -> CliException.error("unit " + name + " is placed on machine " + id
                        + ", which is not in the cluster")));
    }

    /** The target machine; failing that, the one machine that reports the unit's state. */
    private String placement(UnitEntity unit) {
        if (unit.machineID() != null && !unit.machineID().isEmpty()) {
            return unit.machineID();
        }
        List<String> reporting = api.listStates(null, unit.name()).stream().map(s -> s.machineID()).distinct().toList();
        return reporting.size() == 1 ? reporting.get(0) : null;
    }

    private static String unitName(String arg) {
        return UnitName.fromCliArgument(arg);
    }

    private static CliException unknownMachine(String arg) {
        return CliException.error("machine " + arg + " not found");
    }
}
