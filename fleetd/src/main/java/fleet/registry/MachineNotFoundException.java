package fleet.registry;

import java.util.Collection;

/** A change names machines that are not registered (their metadata would outlive every machine). */
public final class MachineNotFoundException extends RegistryException {
    public MachineNotFoundException(Collection<String> machineIds) {
        super("machine " + String.join(", ", machineIds) + " is not registered");
    }
}
