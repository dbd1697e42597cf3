package fleet.registry;

/**
 * Another live fleetd holds the same machine ID (a cloned {@code /etc/machine-id}, or this machine's
 * previous process whose lease has not expired yet).
 */
public final class MachineConflictException extends RegistryException {
    private final String otherPublicIp;

    public MachineConflictException(String machineId, String otherPublicIp, long otherLease) {
        super("machine ID " + machineId + " is already registered by another fleetd (public IP "
                + (otherPublicIp == null || otherPublicIp.isEmpty() ? "unknown" : otherPublicIp)
                + ", lease " + Long.toHexString(otherLease) + "); is /etc/machine-id cloned? If this is the"
                + " previous fleetd on this host, its registration expires within agent_ttl");
        this.otherPublicIp = otherPublicIp;
    }

    public String otherPublicIp() {
        return otherPublicIp;
    }
}
