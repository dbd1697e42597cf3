package fleet.registry;

/** Told when {@link Presence} had to register again, e.g. so the state publisher republishes everything. */
public interface PresenceListener {
    /** The old lease was lost (expired or revoked) with every key on it; this machine is registered on a new one. */
    default void onReregistered(long newLease) {}

    /** The lease was lost and re-registration was refused (another fleetd holds the ID); retried every tick. */
    default void onRegistrationRefused(MachineConflictException e) {}
}
